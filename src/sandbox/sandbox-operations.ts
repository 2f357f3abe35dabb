import type { BatchResultsPlan } from '../contract/batch-plan.js';
import type { BatchSendPlan, SendPlan, SkipPlan } from '../contract/delivery-plan.js';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import { judgeBatchItems } from '../core/batch/judge-batch-items.js';
import { renderBatch } from '../core/batch/render-batch.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { Lead } from '../core/lead/lead.js';
import { renderRequest } from '../core/render/render-request.js';
import { leadSkipReason } from '../core/render/skip-reason.js';
import type { RenderContext } from '../core/render/rendered-request.js';
import { judgeResponse, type JudgeOptions } from '../core/response/judge-response.js';
import type { Verdict } from '../core/response/verdict.js';
import { resolverFromSandboxSecrets, type SandboxSecrets } from './sandbox-secrets.js';

/**
 * Everything that evaluates a destination's config against data from outside (a lead, a
 * response): Liquid templates, JSONata expressions, regexes, XPath and CSS selectors. These
 * run only in the sandbox process, where a runaway evaluation can be stopped without harm.
 */
export const sandboxOperations = {
  renderRequest: (a: { destination: SendPlan; lead: Lead; context: RenderContext; secrets: SandboxSecrets }) =>
    renderRequest(a.destination, a.lead, a.context, resolverFromSandboxSecrets(a.secrets)),

  skipReason: (a: { destination: SkipPlan; lead: Lead; context: RenderContext }) => leadSkipReason(a.destination, a.lead, a.context),

  judgeResponse: (a: { destination: JudgeOptions; result: SendResult }) => judgeResponse(a.destination, a.result),

  renderBatch: (a: { destination: BatchSendPlan; batchId: string; entries: BatchEntry[]; now: string; secrets: SandboxSecrets; split?: boolean }) =>
    renderBatch(a.destination, a.batchId, a.entries, a.now, resolverFromSandboxSecrets(a.secrets), a.split === undefined ? {} : { split: a.split }),

  judgeBatchItems: (a: {
    destination: JudgeOptions;
    results: BatchResultsPlan | undefined;
    sent: SendResult;
    verdict: Verdict;
    entries: Pick<BatchEntry, 'deliveryId' | 'leadId'>[];
  }) => judgeBatchItems(a.destination, a.results, a.sent, a.verdict, a.entries),
};

type SandboxOperations = typeof sandboxOperations;
export type SandboxOperation = keyof SandboxOperations;
export type SandboxArgs<K extends SandboxOperation> = Parameters<SandboxOperations[K]>[0];
export type SandboxValue<K extends SandboxOperation> = Awaited<ReturnType<SandboxOperations[K]>>;
