import type { ActionAnswer, BulkAction } from '../actions/console-actions.js';
import type { ViewContext } from './view-context.js';

const VERB: Record<BulkAction, string> = { retry: 'Retry', 'give-up': 'Give up' };

/** The confirmation before a bulk action: how many deliveries it touches, and (to give up) the reason asked for. */
export function BulkConfirm(props: { ctx: ViewContext; action: BulkAction; ids: readonly string[] }) {
  const { ctx, action, ids } = props;
  if (ids.length === 0) return <p class="notice">Select running deliveries first (the boxes on the left).</p>;
  const count = `${ids.length} ${ids.length === 1 ? 'delivery' : 'deliveries'}`;
  return (
    <div class="confirm" role="alertdialog" aria-label="confirm">
      <p>
        <strong>{`${VERB[action]} ${count}?`}</strong> {action === 'retry' ? 'Each is sent again now.' : 'Each ends now with its last failed outcome and your reason.'}
      </p>
      <form hx-post={`${ctx.paths.page('deliveries')}/bulk`} hx-target="#bulk-answer" hx-swap="innerHTML">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="action" value={action} />
        {ids.map((id) => (
          <input type="hidden" name="ids" value={id} />
        ))}
        {action === 'give-up' && (
          <label>
            Reason <input name="reason" required placeholder="why these leads should not be delivered" />
          </label>
        )}
        <button type="submit" class="danger">{`Yes, ${VERB[action].toLowerCase()} ${count}`}</button>
      </form>
    </div>
  );
}

/** What each delivery answered to a bulk action. */
export function BulkResults(props: { ctx: ViewContext; action: BulkAction; answers: readonly ActionAnswer[] }) {
  const done = props.answers.filter((a) => a.ok).length;
  return (
    <div class="answers" role="status">
      <p>
        <strong>{`${VERB[props.action]}: ${done} of ${props.answers.length} done.`}</strong> The list shows the new outcomes when you reload it.
      </p>
      <ul>
        {props.answers.map((a) => (
          <li class={a.ok ? 'ok' : 'refused'}>
            <a href={props.ctx.paths.delivery(a.deliveryId)}>{a.deliveryId}</a>: {a.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
