import type { FastifyInstance } from 'fastify';
import { DeliveriesPage } from '../views/deliveries-page.js';
import { DeliveryActions } from '../views/delivery-actions.js';
import { DeliveryLive } from '../views/delivery-live.js';
import { DeliveryPage } from '../views/delivery-page.js';
import { MessagePage } from '../views/message-page.js';
import { viewContext, type ConsoleDeps } from './console-context.js';
import { parseCursor, parseDeliveryFilter } from './parse-filters.js';
import { sendFragment, sendPage } from './render-page.js';

export const PAGE_SIZE = 50;

export function deliveryRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/deliveries', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const filter = parseDeliveryFilter(query);
    const cursor = parseCursor(query);
    const { outcome: _, ...withoutOutcome } = filter;
    const [page, counts] = await Promise.all([
      deps.data.deliveries.list(filter, { size: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      deps.data.deliveries.countByOutcome(withoutOutcome).catch(() => ({})),
    ]);
    const view = { filter, page, counts, ...(cursor ? { cursor } : {}) };
    return sendPage(reply, <DeliveriesPage ctx={viewContext(deps, req, reply)} view={view} />);
  });

  app.get('/deliveries/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const detail = await deps.data.deliveries.get(id);
    const ctx = viewContext(deps, req, reply);
    if (!detail) return sendPage(reply, <MessagePage ctx={ctx} title="No such delivery" message={`There is no delivery with the id ${id} (or its record is past Temporal's retention).`} />, 404);
    return sendPage(reply, <DeliveryPage ctx={ctx} detail={detail} allowRetryConfig={deps.actions.allowRetryConfig} />);
  });

  /** The live part of a delivery's page (htmx polls it while the delivery runs); once ended, the actions are swapped out too. */
  app.get('/deliveries/:id/live', async (req, reply) => {
    const { id } = req.params as { id: string };
    const detail = await deps.data.deliveries.get(id);
    if (!detail) return reply.code(204).send();
    const ctx = viewContext(deps, req, reply);
    return sendFragment(
      reply,
      <>
        <DeliveryLive ctx={ctx} detail={detail} allowRetryConfig={deps.actions.allowRetryConfig} />
        {!detail.row.running && <DeliveryActions ctx={ctx} detail={detail} allowRetryConfig={deps.actions.allowRetryConfig} oob />}
      </>,
    );
  });
}
