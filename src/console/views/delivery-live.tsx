import type { DeliveryDetail } from '../data/console-data.js';
import { deliveryWords } from './delivery-words.js';
import { AttemptsTable } from './attempts-table.js';
import { age, when } from './format.js';
import { OutcomeBadge } from './outcome-badge.js';
import type { ViewContext } from './view-context.js';

/** Words with `code` spans (the explain module's Markdown subset) as elements: text stays text. */
function Words(props: { text: string }) {
  return <span class="text">{props.text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</span>;
}

/**
 * The part of a delivery's page that changes while it runs: its state in words, the facts and
 * the attempts. While it runs, htmx fetches it again every two seconds and swaps it in place;
 * once it has ended the fresh copy carries no trigger, and the polling stops.
 */
export function DeliveryLive(props: { ctx: ViewContext; detail: DeliveryDetail; allowRetryConfig: boolean }) {
  const { ctx, detail } = props;
  const words = deliveryWords(detail, ctx.nowMs, { correctedRetry: props.allowRetryConfig && Boolean(detail.destination) });
  const row = detail.row;
  const poll = row.running ? { 'hx-get': ctx.paths.delivery(row.deliveryId, 'live'), 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' } : {};
  return (
    <section id="live" {...poll} data-running={row.running ? 'yes' : 'no'}>
      <div class="words">
        <p class="happened">
          <OutcomeBadge outcome={detail.result?.outcome ?? row.outcome} /> <Words text={words.happened} />
        </p>
        {words.why && (
          <p class="why">
            <strong>Why:</strong> {words.why}
          </p>
        )}
        <p class="todo">
          <strong>What to do:</strong> <Words text={words.todo} />
        </p>
      </div>
      <dl class="facts">
        <dt>Destination</dt>
        <dd>{row.destination ?? ''}</dd>
        <dt>Lead id</dt>
        <dd>{row.leadId ?? ''}</dd>
        {row.buyer && <dt>Buyer</dt>}
        {row.buyer && <dd>{row.buyer}</dd>}
        <dt>Started</dt>
        <dd>{`${when(row.startedAt)} (${age(row.startedAt, ctx.nowMs)} ago)`}</dd>
        {detail.live?.parkedUntil && <dt>Parked until</dt>}
        {detail.live?.parkedUntil && <dd>{when(detail.live.parkedUntil)}</dd>}
        {detail.live?.nextAttemptAt && <dt>Next attempt</dt>}
        {detail.live?.nextAttemptAt && <dd>{when(detail.live.nextAttemptAt)}</dd>}
        {detail.result?.finishedAt && <dt>Ended</dt>}
        {detail.result?.finishedAt && <dd>{when(detail.result.finishedAt)}</dd>}
        {detail.result?.price !== undefined && <dt>Price</dt>}
        {detail.result?.price !== undefined && <dd>{detail.result.price.toFixed(2)}</dd>}
      </dl>
      <h2>Attempts</h2>
      <AttemptsTable attempts={detail.attempts} {...(detail.request ? { method: detail.request.method } : {})} />
      {detail.result?.operatorActions && (
        <>
          <h2>Operator actions</h2>
          <ul>
            {detail.result.operatorActions.map((a) => (
              <li>{`${when(a.at)}: ${a.action}${a.requestedBy ? ` by ${a.requestedBy}` : ''}${a.reason ? `: ${a.reason}` : ''}`}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
