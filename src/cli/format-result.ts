import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { ownErrorCode } from '../core/explain/own-error-code.js';
import { duration } from '../core/explain/words.js';
import { countOf } from './plural.js';

const MARK: Record<string, string> = { success: '✔', failure: '✘', error: '!', skipped: '-', cancelled: '×' };

/**
 * One line per delivery: outcome, lead, error code (when it did not get through, unless the HTTP status says it), reason, then its attempts and times apart from the
 * reason, so "not retried" never reads as "not retried within 52 ms": the delivery's total time
 * (first attempt's start to its end) and, when there were several, how long the last one took.
 */
export function formatResultLine(result: DeliveryResult): string {
  // The code of a delivery that did not get through, to look up in docs/errors.md (an HTTP status says its own).
  const own = result.outcome === 'success' ? undefined : ownErrorCode(result.response?.status ?? result.attempts.at(-1)?.status, result.errorCode);
  const code = own ? `[${own}] ` : '';
  return `${MARK[result.outcome] ?? '?'} ${result.outcome.padEnd(9)} ${result.leadId.padEnd(16)} ${code}${result.reason} (${attemptsAndTimes(result)})`;
}

function attemptsAndTimes(result: DeliveryResult): string {
  const { attempts } = result;
  const first = attempts[0];
  const last = attempts.at(-1);
  if (!first || !last) return countOf(0, 'attempt');
  if (attempts.length === 1) return `1 attempt, ${duration(last.durationMs)}`;
  const lastEnd = Date.parse(last.startedAt) + last.durationMs;
  const end = result.finishedAt ? Math.max(Date.parse(result.finishedAt), lastEnd) : lastEnd;
  const total = end - Date.parse(first.startedAt);
  const over = Number.isFinite(total) ? ` over ${duration(total)}` : '';
  return `${countOf(attempts.length, 'attempt')}${over}; the last took ${duration(last.durationMs)}`;
}
