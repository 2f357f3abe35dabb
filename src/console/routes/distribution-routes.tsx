import type { FastifyInstance } from 'fastify';
import { isUnavailable } from '../data/console-data.js';
import { DistributionPage } from '../views/distribution-page.js';
import { DistributionsPage } from '../views/distributions-page.js';
import { MessagePage } from '../views/message-page.js';
import { UnavailablePage } from '../views/unavailable-page.js';
import { viewContext, type ConsoleDeps } from './console-context.js';
import { PAGE_SIZE } from './delivery-routes.js';
import { parseCursor, parseDistributionFilter } from './parse-filters.js';
import { sendPage } from './render-page.js';

export function distributionRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/distributions', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const filter = parseDistributionFilter(query);
    const cursor = parseCursor(query);
    const page = await deps.data.distributions.list(filter, { size: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return sendPage(reply, <DistributionsPage ctx={viewContext(deps, req, reply)} filter={filter} page={page} {...(cursor ? { cursor } : {})} />);
  });

  app.get('/distributions/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const detail = await deps.data.distributions.get(id);
    const ctx = viewContext(deps, req, reply);
    if (!detail) return sendPage(reply, <MessagePage ctx={ctx} title="No such distribution" message={`There is no distribution with the id ${id}.`} />, 404);
    return sendPage(reply, <DistributionPage ctx={ctx} detail={detail} />);
  });

  // Destinations and buyers (issue 23) and reports (issue 24): their pages say what they need until the source is there.
  app.get('/partners', async (req, reply) => {
    const part = deps.data.partners;
    const ctx = viewContext(deps, req, reply);
    if (isUnavailable(part)) return sendPage(reply, <UnavailablePage ctx={ctx} title="Destinations & buyers" current="partners" part={part} />);
    return sendPage(reply, <MessagePage ctx={ctx} title="Destinations & buyers" message="This source has no page yet." />);
  });
  app.get('/reports', async (req, reply) => {
    const part = deps.data.reports;
    const ctx = viewContext(deps, req, reply);
    if (isUnavailable(part)) return sendPage(reply, <UnavailablePage ctx={ctx} title="Reports" current="reports" part={part} />);
    return sendPage(reply, <MessagePage ctx={ctx} title="Reports" message="This source has no page yet." />);
  });
}
