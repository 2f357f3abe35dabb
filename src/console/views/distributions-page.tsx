import type { DistributionFilter, DistributionRow, Page } from '../data/console-data.js';
import { age, money, when } from './format.js';
import { Layout } from './layout.js';
import { OutcomeBadge } from './outcome-badge.js';
import { Pager } from './pager.js';
import type { ViewContext } from './view-context.js';

export function DistributionsPage(props: { ctx: ViewContext; filter: DistributionFilter; page: Page<DistributionRow>; cursor?: string }) {
  const { ctx, filter, page } = props;
  const href = ctx.paths.page('distributions');
  const query = { outcome: filter.outcome, buyer: filter.buyer, leadId: filter.leadId };
  return (
    <Layout ctx={ctx} title="Distributions" current="distributions">
      <h1>Distributions</h1>
      <Filters href={href} filter={filter} />
      <table class="rows">
        <thead>
          <tr>
            <th>Outcome</th>
            <th>Lead id</th>
            <th>Sold to</th>
            <th>Price</th>
            <th>Age</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <Row ctx={ctx} row={r} />
          ))}
        </tbody>
      </table>
      {page.rows.length === 0 && <p class="empty">No distribution matches these filters.</p>}
      <Pager
        shown={page.rows.length}
        {...(page.total !== undefined ? { total: page.total } : {})}
        firstHref={ctx.paths.withQuery(href, query)}
        {...(page.next ? { nextHref: ctx.paths.withQuery(href, { ...query, cursor: page.next }) } : {})}
        onFirstPage={!props.cursor}
      />
    </Layout>
  );
}

/** The filter form: outcome, a buyer the lead was sold to, and the lead id. */
function Filters(props: { href: string; filter: DistributionFilter }) {
  const { filter } = props;
  return (
    <form class="filters" method="get" action={props.href}>
      <label>
        Outcome
        <select name="outcome">
          <option value="">any</option>
          {(['pending', 'sold', 'unsold'] as const).map((o) => (
            <option value={o} selected={filter.outcome === o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sold to <input name="buyer" value={filter.buyer ?? ''} />
      </label>
      <label>
        Lead id <input name="leadId" value={filter.leadId ?? ''} />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

/** One distribution: its outcome, its lead (a link to the distribution), who bought it, the price and its age. */
function Row(props: { ctx: ViewContext; row: DistributionRow }) {
  const { ctx, row: r } = props;
  return (
    <tr data-distribution-id={r.distributionId}>
      <td>
        <OutcomeBadge outcome={r.outcome} />
      </td>
      <td>
        <a href={ctx.paths.distribution(r.distributionId)} title={r.distributionId}>
          {r.leadId ?? r.distributionId}
        </a>
      </td>
      <td>{(r.soldTo ?? []).join(', ')}</td>
      <td class="num">{money(r.price)}</td>
      <td title={when(r.startedAt)}>{age(r.startedAt, ctx.nowMs)}</td>
    </tr>
  );
}
