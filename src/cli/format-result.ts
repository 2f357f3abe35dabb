import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { duration } from '../core/explain/words.js';
import { countOf } from './plural.js';

const MARK: Record<string, string> = { success: '✔', failure: '✘', error: '!', skipped: '-', cancelled: '×' };

/**
 * One line per delivery: outcome, lead, reason, then its attempts and times apart from the
 * reason, so "not retried" never reads as "not retried within 52 ms": the delivery's total time
 * (first attempt's start to its end) and, when there were several, how long the last one took.
 */
export function formatResultLine(result: DeliveryResult): string {
  return `${MARK[result.outcome] ?? '?'} ${result.outcome.padEnd(9)} ${result.leadId.padEnd(16)} ${result.reason} (${attemptsAndTimes(result)})`;
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
