import type { DistributionBuyer, DistributionDetail } from '../data/console-data.js';
import { money, when } from './format.js';
import { Layout } from './layout.js';
import { OutcomeBadge } from './outcome-badge.js';
import type { ViewContext } from './view-context.js';

/** A distribution in words, then every buyer: eligible or skipped and why, caps, bid, post and price, the sale. */
export function DistributionPage(props: { ctx: ViewContext; detail: DistributionDetail }) {
  const { ctx, detail } = props;
  const r = detail.record ?? {};
  return (
    <Layout ctx={ctx} title={`Distribution ${detail.row.distributionId}`} current="distributions">
      <p class="crumbs">
        <a href={ctx.paths.page('distributions')}>Distributions</a> /
      </p>
      <h1 class="mono">{detail.row.distributionId}</h1>
      <div class="words">
        <p class="happened">
          <OutcomeBadge outcome={detail.row.outcome} /> {saleWords(detail)}
        </p>
      </div>
      <dl class="facts">
        <dt>Flow</dt>
        <dd>{`${detail.row.flow ?? ''}${r.strategy ? ` (${r.strategy}, ${r.sale ?? ''})` : ''}`}</dd>
        <dt>Lead id</dt>
        <dd>{detail.row.leadId ?? ''}</dd>
        <dt>Started</dt>
        <dd>{when(r.startedAt)}</dd>
        {r.finishedAt && <dt>Ended</dt>}
        {r.finishedAt && <dd>{when(r.finishedAt)}</dd>}
      </dl>
      <h2>Buyers</h2>
      <table class="rows buyers">
        <thead>
          <tr>
            <th>Buyer</th>
            <th>Eligible</th>
            <th>Caps (as configured)</th>
            <th>Bid</th>
            <th>Post</th>
            <th>Price</th>
            <th>Sold</th>
          </tr>
        </thead>
        <tbody>
          {detail.buyers.map((b) => (
            <BuyerRow buyer={b} ctx={ctx} />
          ))}
        </tbody>
      </table>
      {detail.historyUrl && (
        <p>
          <a href={detail.historyUrl} rel="noopener noreferrer" target="_blank">
            Its full history in the Temporal Web UI
          </a>
        </p>
      )}
    </Layout>
  );
}

function BuyerRow(props: { buyer: DistributionBuyer; ctx: ViewContext }) {
  const b = props.buyer;
  const caps = Object.entries(b.caps ?? {})
    .map(([k, v]) => `${v} ${k.replace('_', ' ')}`)
    .join(', ');
  return (
    <tr data-buyer={b.buyer}>
      <td>{b.buyer}</td>
      <td>{b.eligible ? (b.skipped ? `yes; ${b.skipped}` : 'yes') : `skipped: ${b.skipped ?? 'not offered'}`}</td>
      <td>{caps || 'none'}</td>
      <td class="num">{b.bid ? money(b.bid.price) : b.ping ? `no bid (${b.ping.outcome})` : ''}</td>
      <td>
        {b.post && (
          <>
            <OutcomeBadge outcome={b.post.outcome} /> <a href={props.ctx.paths.delivery(b.post.deliveryId)}>{b.post.reason}</a>
          </>
        )}
      </td>
      <td class="num">{money(b.post?.price ?? (b.sold ? b.bid?.price : undefined))}</td>
      <td>{b.sold ? 'sold' : ''}</td>
    </tr>
  );
}

/** The sale in one sentence: to whom, at what price, or why not. */
function saleWords(d: DistributionDetail): string {
  const r = d.record ?? {};
  if (d.row.running) return `Running: ${d.buyers.filter((b) => b.ping || b.post).length} of ${d.buyers.length} buyers reached so far. This page shows the record so far; reload to see more.`;
  if (r.outcome === 'sold') {
    const price = r.salePrice !== undefined ? ` for ${money(r.salePrice)}` : '';
    const others = (r.soldTo ?? []).length > 1 ? ` (also sold to ${(r.soldTo ?? []).slice(1).join(', ')}; total ${money(r.totalPrice)})` : '';
    return `Sold to ${r.winner ?? (r.soldTo ?? [])[0] ?? 'a buyer'}${price}${others}.`;
  }
  if (r.outcome === 'unsold') return `Not sold: ${d.buyers.length} buyers, none accepted the lead. Each buyer's row says why.`;
  return 'No record: the distribution was terminated or timed out in Temporal.';
}
