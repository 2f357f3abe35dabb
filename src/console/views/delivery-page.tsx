import type { DeliveryDetail } from '../data/console-data.js';
import { DeliveryActions } from './delivery-actions.js';
import { DeliveryLive } from './delivery-live.js';
import { Layout } from './layout.js';
import type { ViewContext } from './view-context.js';

/** A delivery: its state in words at the top, the actions, the attempts, the masked request, the link to its history. */
export function DeliveryPage(props: { ctx: ViewContext; detail: DeliveryDetail; allowRetryConfig: boolean }) {
  const { ctx, detail } = props;
  const request = detail.request;
  return (
    <Layout ctx={ctx} title={`Delivery ${detail.row.deliveryId}`} current="deliveries">
      <p class="crumbs">
        <a href={ctx.paths.page('deliveries')}>Deliveries</a> /
      </p>
      <h1 class="mono">{detail.row.deliveryId}</h1>
      <div id="answer" aria-live="polite"></div>
      <DeliveryActions ctx={ctx} detail={detail} allowRetryConfig={props.allowRetryConfig} />
      <DeliveryLive ctx={ctx} detail={detail} allowRetryConfig={props.allowRetryConfig} />
      <h2>The request, secrets masked</h2>
      {request ? (
        <pre class="request">{[`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`), '', request.body ?? ''].join('\n')}</pre>
      ) : (
        <p class="empty">No rendered request recorded (skipped, not rendered yet, or its history is past retention).</p>
      )}
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
