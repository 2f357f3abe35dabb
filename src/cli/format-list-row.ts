import type { DeliverySummary } from '../client/delivery-summary.js';
import type { DistributionSummary } from '../client/list-distributions.js';
import { saleWords } from './format-sale.js';
import { countOf } from './plural.js';

/** One `leadwire list` line: outcome, delivery id, destination, attempts and last status, start time. */
export function formatListRow(r: DeliverySummary): string {
  const status = r.lastStatus !== undefined ? ` HTTP ${r.lastStatus}` : '';
  return `${(r.outcome ?? '?').padEnd(9)} ${r.deliveryId.padEnd(40)} ${r.destination ?? ''} (${countOf(r.attempts ?? 0, 'attempt')}${status}) ${r.startTime}`;
}

/** One `leadwire list --flows` line: outcome, distribution id, who bought it at what price, the lead, start time. */
export function formatDistributionRow(r: DistributionSummary): string {
  const outcome = r.outcome ?? (r.status === 'RUNNING' ? 'pending' : r.status.toLowerCase());
  const sale = r.buyers?.length
    ? saleWords({ soldTo: r.buyers, ...(r.prices ? { prices: r.prices } : {}), ...(r.price !== undefined ? { total: r.price } : {}) })
    : r.sold === false
      ? 'no buyer'
      : 'not sold yet';
  return `${outcome.padEnd(9)} ${r.distributionId.padEnd(40)} ${sale}${r.leadId !== undefined ? ` (lead ${r.leadId})` : ''} ${r.startTime}`;
}
