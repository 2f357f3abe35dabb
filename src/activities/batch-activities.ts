import type { Destination } from '../config/destination-schema.js';
import type { SendResult } from '../core/delivery/send-result.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { maskingSecretResolver, type SecretResolver } from '../core/secrets/secret-refs.js';
import type { JudgeBatchInput, JudgeBatchResult, RenderBatchInput, RenderBatchResult, SendBatchInput } from './batch-activity-types.js';
import type { Evaluator } from '../sandbox/evaluator.js';
import { createJudgeAttempt } from './judge-attempt-activity.js';
import type { createRequestSender } from './request-sender.js';
import { toApplicationFailure } from './to-application-failure.js';

/**
 * With per-lead results, the body rules (`success_check`, `success_when.body`,
 * `outcome_search`) describe one lead's item, so the batch request itself is judged by its
 * status alone; each item is then judged by the full rules.
 */
function batchLevelRules(destination: Destination): Destination {
  if (!destination.batch?.results) return destination;
  const { success_check: _check, outcome_search: _search, success_when, ...rest } = destination;
  return { ...rest, ...(success_when?.status_code !== undefined ? { success_when: { status_code: success_when.status_code } } : {}) } as Destination;
}

/** The activities of a batch delivery: the same render / send / judge steps as a single lead. */
export function createBatchActivities(sendRendered: ReturnType<typeof createRequestSender>, now: () => Date, evaluator: Evaluator) {
  const judgeAttempt = createJudgeAttempt(evaluator);
  return {
    /** Renders the batch with secrets masked: its requests, and the leads skipped or failed on their own. */
    async renderBatch(input: RenderBatchInput): Promise<RenderBatchResult> {
      const at = now().toISOString();
      try {
        return { now: at, ...(await evaluator.renderBatch(input.destination, input.batchId, input.entries, at, maskingSecretResolver)) };
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /** Renders one request of the batch (masked, then with the secrets granted for its hosts) and sends it. */
    async sendBatch(input: SendBatchInput): Promise<SendResult> {
      try {
        const render = async (s: SecretResolver) => {
          const rendered = await evaluator.renderBatch(input.destination, input.chunkId, input.entries, input.now, s, { split: false });
          if (rendered.chunks.length !== 1) {
            throw new LeadwireError(
              'RENDER_CHANGED_WITH_SECRETS',
              `Batch ${input.chunkId} rendered to one request with its secrets masked, but to ${rendered.chunks.length} now: its size or skip rules read a secret's value. Nothing was sent. Make them independent of secrets, then retry the batch.`,
            );
          }
          return rendered.chunks[0]!.outcome;
        };
        // Masked first, then (in the sender) for real: one after the other, so a hostile config holds one sandbox process.
        return await sendRendered({ destination: input.destination, shown: await render(maskingSecretResolver), render, deliveryId: input.chunkId });
      } catch (err) {
        return toApplicationFailure(err);
      }
    },

    /** Judges the batch request as a whole, then each lead by its own result when the API gives them. */
    async judgeBatch(input: JudgeBatchInput): Promise<JudgeBatchResult> {
      const judged = await judgeAttempt({ destination: batchLevelRules(input.destination), result: input.result, attempt: input.attempt });
      try {
        return { ...judged, leads: await evaluator.judgeBatchItems(input.destination, input.destination.batch?.results, input.result, judged.verdict, input.entries) };
      } catch (err) {
        return toApplicationFailure(err);
      }
    },
  };
}
