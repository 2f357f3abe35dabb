import type { DistributionStatus } from '../client/describe-distribution.js';
import { pricesPaid, type BuyerRecord, type FlowResult } from '../core/flows/flow-result.js';
import { saleWords } from './format-sale.js';

/** A finished distribution for a terminal: the sale, then one line per buyer. */
export function formatFlowResult(r: FlowResult): string {
  const sale = r.outcome === 'sold' ? `✔ ${saleWords({ soldTo: r.soldTo, prices: pricesPaid(r), ...(r.totalPrice !== undefined ? { total: r.totalPrice } : {}) })}` : '✘ unsold';
  return [`${sale}   ${r.flow} (${r.strategy}) lead ${r.leadId}   ${r.distributionId}`, ...r.buyers.map(buyerLine)].join('\n');
}

/** `leadwire status <distribution id>`: the record once it has ended, the buyers so far while it runs. */
export function formatDistributionStatus(d: DistributionStatus): string {
  if (d.result) return formatFlowResult(d.result);
  const p = d.progress;
  if (d.status !== 'RUNNING') return `✘ ${d.status.toLowerCase()}   ${d.distributionId}   (it ended without a record: see its history in the Web UI)`;
  const head = `… running   ${p?.flow !== undefined ? `${p.flow} (${p.strategy}) lead ${p.leadId}   ` : ''}${d.distributionId}`;
  return [head, ...(p?.buyers ?? []).map(buyerLine)].join('\n');
}

function buyerLine(b: BuyerRecord): string {
  const parts = [
    b.bid ? `bid ${b.bid.price} in ${b.bid.durationMs} ms` : b.ping ? `ping ${b.ping.outcome}` : '',
    b.post ? `post ${b.post.outcome}${b.post.status ? ` (${b.post.status})` : ''}` : '',
    b.skipped ?? '',
  ].filter(Boolean);
  return `  ${b.sold ? '✔' : '·'} ${b.buyer.padEnd(16)} ${parts.join('; ')}`;
}
