import { stringify } from 'yaml';
import type { DeliveryDetail } from '../data/console-data.js';
import type { ViewContext } from './view-context.js';

/**
 * The buttons of a running delivery, for an operator: retry, retry with a corrected destination
 * (when the server allows it), give up with a reason, cancel. Each posts through htmx, with the
 * CSRF token, and the delivery's answer appears in #answer. The server checks the role again.
 */
export function DeliveryActions(props: { ctx: ViewContext; detail: DeliveryDetail; allowRetryConfig: boolean; oob?: boolean }) {
  const { ctx, detail } = props;
  const id = detail.row.deliveryId;
  const oob = props.oob ? { 'hx-swap-oob': 'true' } : {};
  const post = (sub: 'retry' | 'retry-with-destination' | 'give-up' | 'cancel') => ({ method: 'post', action: ctx.paths.delivery(id, sub), 'hx-post': ctx.paths.delivery(id, sub), 'hx-target': '#answer', 'hx-swap': 'innerHTML' });
  if (!detail.row.running) {
    return (
      <section id="actions" {...oob}>
        <p class="notice">It has ended: there is nothing to retry or give up.</p>
      </section>
    );
  }
  if (ctx.session?.role !== 'operator') {
    return (
      <section id="actions" {...oob}>
        <p class="notice">You are signed in as a viewer: an operator can retry, give up or cancel this delivery.</p>
      </section>
    );
  }
  const hidden = <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
  return (
    <section id="actions" class="actions" {...oob}>
      <h2>Act</h2>
      <form {...post('retry')}>
        {hidden}
        <button type="submit">Retry</button>
      </form>
      <form {...post('give-up')}>
        {hidden}
        <input name="reason" required placeholder="why it should not be delivered" aria-label="reason to give up" />
        <button type="submit">Give up</button>
      </form>
      <form {...post('cancel')}>
        {hidden}
        <button type="submit" class="danger">
          Cancel delivery
        </button>
      </form>
      {props.allowRetryConfig && detail.destination && (
        <details class="corrected">
          <summary>Retry with a corrected destination</summary>
          <form {...post('retry-with-destination')}>
            {hidden}
            <p>The whole destination, in YAML, as this delivery started with it (secrets stay references). Correct it; it is validated in full before the delivery takes it.</p>
            <textarea name="destination" rows={16} spellcheck={false} aria-label="corrected destination">
              {stringify(detail.destination)}
            </textarea>
            <button type="submit">Retry with this destination</button>
          </form>
        </details>
      )}
    </section>
  );
}
