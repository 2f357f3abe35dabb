import type { JudgeBatchInput, JudgeBatchResult, RenderBatchInput, RenderBatchResult, SendBatchInput } from '../contract/activity-messages.js';
import type { BatchJudgePlan, JudgePlan } from '../contract/delivery-plan.js';
import type { SendResult } from '../contract/send-result.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { maskingSecretResolver, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import { createJudgeAttempt } from './judge-attempt-activity.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * With per-lead results, the body rules (`success_check`, `success_when.body`,
 * `outcome_search`) describe one lead's item, so the batch request itself is judged by its
 * status alone; each item is then judged by the full rules.
 */
function batchLevelRules(plan: BatchJudgePlan): JudgePlan {
  const { batch, ...rules } = plan;
  if (!batch.results) return rules;
  const { success_check: _check, outcome_search: _search, success_when, ...rest } = rules;
  return { ...rest, ...(success_when?.status_code !== undefined ? { success_when: { status_code: success_when.status_code } } : {}) };
}

/** The activities of a batch delivery: the same render / send / judge steps as a single lead. */
export function createBatchActivities(sendRendered: ReturnType<typeof createRequestSender>, now: () => Date, evaluator: Evaluator) {
  const judgeAttempt = createJudgeAttempt(evaluator);
  return {
    /** Renders the batch with secrets masked: its requests, and the leads skipped or failed on their own. */
    async renderBatch(input: RenderBatchInput): Promise<RenderBatchResult> {
      const at = now().toISOString();
      try {
        return { now: at, ...(await evaluator.renderBatch(input.plan, input.batchId, input.entries, at, maskingSecretResolver)) };
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /**
     * Renders one request of the batch (masked, then with the secrets granted for its hosts) and
     * sends it. Its input may have been scheduled by an earlier release: upgraded first.
     */
    async sendBatch(stored: SendBatchInput): Promise<SendResult> {
      try {
        const input = upgrade.sendBatchInput(stored);
        const render = async (s: SecretResolver) => {
          const rendered = await evaluator.renderBatch(input.plan, input.chunkId, input.entries, input.now, s, { split: false });
          if (rendered.chunks.length !== 1) {
            throw new LeadwireError(
              'RENDER_CHANGED_WITH_SECRETS',
              `Batch ${input.chunkId} rendered to one request with its secrets masked, but to ${rendered.chunks.length} now: its size or skip rules read a secret's value. Nothing was sent. Make them independent of secrets, then retry the batch.`,
            );
          }
          return rendered.chunks[0]!.outcome;
        };
        // Masked first, then (in the sender) for real: one after the other, so a hostile config holds one sandbox process.
        return await sendRendered({ plan: input.plan, shown: await render(maskingSecretResolver), render, deliveryId: input.chunkId });
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /** Judges the batch request as a whole, then each lead by its own result when the API gives them. */
    async judgeBatch(input: JudgeBatchInput): Promise<JudgeBatchResult> {
      const judged = await judgeAttempt({ v: input.v, plan: batchLevelRules(input.plan), result: input.result, attempt: input.attempt });
      try {
        const { batch, ...rules } = input.plan;
        return { ...judged, leads: await evaluator.judgeBatchItems(rules, batch.results, input.result, judged.verdict, input.entries) };
      } catch (err) {
        return toApplicationFailure(err);
      }
    },
  };
}
