import type { BatchResultsPlan } from '../contract/batch-plan.js';
import type { BatchSendPlan, JudgePlan, SendPlan, SkipPlan } from '../contract/delivery-plan.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import type { RenderedBatch } from '../core/batch/render-batch.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Lead } from '../core/lead/lead.js';
import type { RenderContext, RenderOutcome } from '../core/render/rendered-request.js';
import type { Verdict } from '../core/response/verdict.js';
import type { SecretResolver } from '../core/secrets/secret-refs.js';
import { evaluationIdentity } from './evaluation-identity.js';
import type { SandboxArgs, SandboxOperation } from './sandbox-operations.js';
import { sandboxOptionsFromEnv } from './sandbox-options-from-env.js';
import { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.js';
import { sandboxSecrets } from './sandbox-secrets.js';

/**
 * The evaluations of user config, each run in the sandbox. Activities and the CLI call these
 * instead of src/core's renderRequest / judgeResponse / renderBatch / judgeBatchItems, which
 * they wrap one for one. Secrets are resolved here, in the worker, before the call.
 */
export interface Evaluator {
  renderRequest(destination: SendPlan, lead: Lead, context: RenderContext, secrets: SecretResolver): Promise<RenderOutcome>;
  /** The reason of the first skip rule that matches the lead (null: send it), as rendering would decide it. */
  skipReason(destination: SkipPlan, lead: Lead, context: RenderContext): Promise<string | null>;
  judgeResponse(destination: JudgePlan, result: SendResult): Promise<Verdict>;
  renderBatch(destination: BatchSendPlan, batchId: string, entries: readonly BatchEntry[], now: string, secrets: SecretResolver, options?: { split?: boolean }): Promise<RenderedBatch>;
  judgeBatchItems(
    destination: JudgePlan,
    results: BatchResultsPlan | undefined,
    sent: SendResult,
    verdict: Verdict,
    entries: readonly Pick<BatchEntry, 'deliveryId' | 'leadId'>[],
  ): Promise<Verdict[]>;
}

/**
 * An evaluator on a sandbox pool. Each evaluation is scheduled as its config's
 * (`evaluationIdentity`: a hash of the operation and the whole destination), never by the
 * destination's name, which its author chooses.
 */
export function sandboxedEvaluator(pool: SandboxPool): Evaluator {
  const run = <K extends SandboxOperation>(op: K, config: unknown, args: SandboxArgs<K>, what: string) => pool.run(op, args, what, evaluationIdentity(op, config));
  return {
    renderRequest: (destination, lead, context, secrets) =>
      run('renderRequest', destination, { destination, lead, context, secrets: sandboxSecrets(destination, secrets) }, `Rendering the request to ${destination.name} for delivery ${context.deliveryId}`),
    skipReason: (destination, lead, context) => run('skipReason', destination, { destination, lead, context }, `Checking the skip rules of ${destination.name} for delivery ${context.deliveryId}`),
    judgeResponse: (destination, result) => run('judgeResponse', destination, { destination, result }, `Judging the response of ${destination.name}`),
    renderBatch: (destination, batchId, entries, now, secrets, options = {}) =>
      run(
        'renderBatch',
        destination,
        { destination, batchId, entries: [...entries], now, secrets: sandboxSecrets(destination, secrets), ...(options.split === undefined ? {} : { split: options.split }) },
        `Rendering batch ${batchId} to ${destination.name}`,
      ),
    judgeBatchItems: (destination, results, sent, verdict, entries) =>
      run('judgeBatchItems', { destination, results }, { destination, results, sent, verdict, entries: [...entries] }, `Judging the per-lead results of a batch to ${destination.name}`),
  };
}

let shared: { pool: SandboxPool; evaluator: Evaluator } | undefined;

/**
 * The process's own sandbox, shared by every worker and command in it (tests run several
 * workers in one process). Options apply when it is first made; default the environment's.
 */
export function sharedSandbox(options: SandboxPoolOptions = sandboxOptionsFromEnv()): { pool: SandboxPool; evaluator: Evaluator } {
  if (!shared) {
    const pool = new SandboxPool(options);
    shared = { pool, evaluator: sandboxedEvaluator(pool) };
  }
  return shared;
}
