import type { DeliverySummary } from '../client/leadwire-client.js';
import { countOf } from './plural.js';

/** One `leadwire list` line: outcome, delivery id, destination, attempts and last status, start time. */
export function formatListRow(r: DeliverySummary): string {
  const status = r.lastStatus !== undefined ? ` HTTP ${r.lastStatus}` : '';
  return `${(r.outcome ?? '?').padEnd(9)} ${r.deliveryId.padEnd(40)} ${r.destination ?? ''} (${countOf(r.attempts ?? 0, 'attempt')}${status}) ${r.startTime}`;
}
