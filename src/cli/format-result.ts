import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import { countOf } from './plural.js';

const MARK: Record<string, string> = { success: '✔', failure: '✘', error: '!', skipped: '-', cancelled: '×' };

/** One line per delivery: outcome, lead, reason, attempts. */
export function formatResultLine(result: DeliveryResult): string {
  const last = result.attempts.at(-1);
  const timing = last ? ` in ${last.durationMs} ms` : '';
  const attempts = countOf(result.attempts.length, 'attempt');
  return `${MARK[result.outcome] ?? '?'} ${result.outcome.padEnd(9)} ${result.leadId.padEnd(16)} ${result.reason}${timing} (${attempts})`;
}
