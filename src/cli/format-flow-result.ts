import type { FlowResult } from '../core/flows/flow-result.js';

/** A finished distribution for a terminal: the sale, then one line per buyer. */
export function formatFlowResult(r: FlowResult): string {
  const sale = r.outcome === 'sold' ? `✔ sold to ${r.soldTo.join(', ')}${r.soldTo.length > 1 && r.totalPrice !== undefined ? ` for ${r.totalPrice} in all` : r.salePrice !== undefined ? ` at ${r.salePrice}` : ''}` : '✘ unsold';
  const lines = [`${sale}   ${r.flow} (${r.strategy}) lead ${r.leadId}   ${r.distributionId}`];
  for (const b of r.buyers) {
    const parts = [
      b.bid ? `bid ${b.bid.price} in ${b.bid.durationMs} ms` : b.ping ? `ping ${b.ping.outcome}` : '',
      b.post ? `post ${b.post.outcome}${b.post.status ? ` (${b.post.status})` : ''}` : '',
      b.skipped ?? '',
    ].filter(Boolean);
    lines.push(`  ${b.sold ? '✔' : '·'} ${b.buyer.padEnd(16)} ${parts.join('; ')}`);
  }
  return lines.join('\n');
}
