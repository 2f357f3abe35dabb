import { CONSOLE_OUTCOMES, type ConsoleOutcome, type DeliveryFilter, type DeliveryRow, type Page } from '../data/console-data.js';
import { age, when } from './format.js';
import { Layout } from './layout.js';
import { OutcomeBadge } from './outcome-badge.js';
import { Pager } from './pager.js';
import type { ViewContext } from './view-context.js';

interface DeliveriesView {
  filter: DeliveryFilter;
  page: Page<DeliveryRow>;
  cursor?: string;
  counts: Partial<Record<ConsoleOutcome, number>>;
}

/** The list: filters, the outcome chart, the rows, paging, and bulk retry or give-up for an operator. */
export function DeliveriesPage(props: { ctx: ViewContext; view: DeliveriesView }) {
  const { ctx, view } = props;
  const filterQuery = filterParams(view.filter);
  const listHref = ctx.paths.page('deliveries');
  const operator = ctx.session?.role === 'operator';
  return (
    <Layout ctx={ctx} title="Deliveries" current="deliveries" scripts={['chart.umd.min.js']}>
      <h1>Deliveries</h1>
      <Filters ctx={ctx} filter={view.filter} />
      <OutcomeChart counts={view.counts} />
      <div id="bulk-answer" aria-live="polite"></div>
      <form id="bulk" method="post" hx-post={`${listHref}/bulk/confirm`} hx-target="#bulk-answer" hx-swap="innerHTML">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {operator && (
          <div class="bulk-bar">
            <span>With the selected deliveries:</span>
            <button type="submit" name="action" value="retry">
              Retry selected
            </button>
            <button type="submit" name="action" value="give-up">
              Give up selected
            </button>
          </div>
        )}
        <table class="rows">
          <thead>
            <tr>
              {operator && <th aria-label="select"></th>}
              <th>Outcome</th>
              <th>Destination</th>
              <th>Lead id</th>
              <th>Attempts</th>
              <th>Age</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {view.page.rows.map((row) => (
              <Row ctx={ctx} row={row} selectable={operator} />
            ))}
          </tbody>
        </table>
        {view.page.rows.length === 0 && <p class="empty">No delivery matches these filters.</p>}
      </form>
      <Pager
        shown={view.page.rows.length}
        {...(view.page.total !== undefined ? { total: view.page.total } : {})}
        firstHref={ctx.paths.withQuery(listHref, filterQuery)}
        {...(view.page.next ? { nextHref: ctx.paths.withQuery(listHref, { ...filterQuery, cursor: view.page.next }) } : {})}
        onFirstPage={!view.cursor}
      />
    </Layout>
  );
}

function Row(props: { ctx: ViewContext; row: DeliveryRow; selectable: boolean }) {
  const { row, ctx } = props;
  return (
    <tr data-delivery-id={row.deliveryId}>
      {props.selectable && <td>{row.running && <input type="checkbox" name="ids" value={row.deliveryId} aria-label={`select ${row.deliveryId}`} />}</td>}
      <td>
        <OutcomeBadge outcome={row.outcome} />
      </td>
      <td>{row.destination ?? ''}</td>
      <td>
        <a href={ctx.paths.delivery(row.deliveryId)} title={row.deliveryId}>
          {row.leadId ?? row.deliveryId}
        </a>
      </td>
      <td class="num">{row.attempts ?? ''}</td>
      <td title={when(row.startedAt)}>{age(row.startedAt, ctx.nowMs)}</td>
      <td class="reason">{row.reason ?? ''}</td>
    </tr>
  );
}

function Filters(props: { ctx: ViewContext; filter: DeliveryFilter }) {
  const f = props.filter;
  return (
    <form class="filters" method="get" action={props.ctx.paths.page('deliveries')}>
      <label>
        Outcome
        <select name="outcome">
          <option value="">any</option>
          {CONSOLE_OUTCOMES.map((o) => (
            <option value={o} selected={f.outcome === o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Destination <input name="destination" value={f.destination ?? ''} />
      </label>
      <label>
        Buyer <input name="buyer" value={f.buyer ?? ''} />
      </label>
      <label>
        Lead id <input name="leadId" value={f.leadId ?? ''} />
      </label>
      <label>
        From (UTC) <input type="datetime-local" name="since" value={localValue(f.since)} />
      </label>
      <label>
        Until (UTC) <input type="datetime-local" name="until" value={localValue(f.until)} />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

/** The chart's data rides in a data attribute (escaped like any value); console.js draws it with Chart.js. */
function OutcomeChart(props: { counts: Partial<Record<ConsoleOutcome, number>> }) {
  const entries = Object.entries(props.counts);
  if (entries.length === 0) return null;
  return (
    <figure class="chart">
      <canvas id="outcome-chart" data-counts={JSON.stringify(props.counts)} height={60} aria-label="deliveries by outcome"></canvas>
      <figcaption>
        {entries.map(([o, n]) => (
          <span class={`badge badge-${o}`}>{`${o} ${n}`}</span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The filters as query parameters, for the pager's links. */
function filterParams(f: DeliveryFilter): Record<string, string | undefined> {
  return { outcome: f.outcome, destination: f.destination, buyer: f.buyer, leadId: f.leadId, since: localValue(f.since), until: localValue(f.until) };
}

/** An ISO time as a datetime-local input's value (UTC, to the minute). */
const localValue = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');
