import type { BatchResultsPlan } from '../../contract/batch-plan.js';
import type { SendResult } from '../delivery/send-result.js';
import { selectDotPath } from '../response/select-values.js';
import { tryParseJson } from '../response/parse-body.js';
import { judgeResponse, type JudgeOptions } from '../response/judge-response.js';
import type { Verdict } from '../response/verdict.js';
import type { BatchEntry } from './batch-entry.js';

/**
 * Each lead's verdict for a batch request. Without per-lead results, or when the batch as a
 * whole did not succeed, every lead shares the batch's verdict. With `batch.results`, each
 * lead's item is judged by the destination's own response rules, as if it were the body of
 * a single delivery's response (same status, same success checks, same parsers).
 */
export function judgeBatchItems(
  destination: JudgeOptions,
  results: BatchResultsPlan | undefined,
  sent: SendResult,
  batchVerdict: Verdict,
  entries: readonly Pick<BatchEntry, 'deliveryId' | 'leadId'>[],
): Verdict[] {
  if (!results || batchVerdict.outcome !== 'success' || sent.kind !== 'response') return entries.map(() => batchVerdict);
  const parsed = tryParseJson(sent.response.body);
  const found = parsed === undefined ? [] : selectDotPath(parsed, results.path);
  const items = found.length === 1 && Array.isArray(found[0]) ? (found[0] as unknown[]) : found;
  const byId = new Map<string, unknown>();
  if (results.match === 'id') {
    for (const item of items) {
      const id = selectDotPath(item, results.id_path!)[0];
      if (id !== undefined && id !== null) byId.set(String(id), item);
    }
  }
  return entries.map((entry, i) => {
    const item = results.match === 'order' ? items[i] : (byId.get(entry.leadId) ?? byId.get(entry.deliveryId));
    if (item === undefined) {
      return {
        outcome: 'error',
        errorCode: 'BATCH_RESULT_MISSING',
        reason: `The batch was accepted but its response has no result for this lead at \`${results.path}\`${results.match === 'id' ? ` with ${results.id_path} = ${entry.leadId}` : ` (item ${i})`}. Ask the destination whether it received the lead.`,
        retryable: false,
        fields: {},
      } satisfies Verdict;
    }
    const itemResult: SendResult = {
      ...sent,
      response: { ...sent.response, headers: { 'content-type': 'application/json' }, body: JSON.stringify(item), truncated: false },
    };
    return judgeResponse(destination, itemResult);
  });
}
