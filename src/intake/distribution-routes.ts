import type { FastifyInstance } from 'fastify';
import type { LeadwireClient } from '../client/leadwire-client.js';
import type { Flow } from '../config/loaded-flow.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { ApiError } from './api-error.js';
import { distributionUrl, parse } from './intake-requests.js';
import { StartDistributionBody } from './intake-schemas.js';

/** Registers the distribution routes: distribute a lead through a flow, read a distribution. */
export function registerDistributionRoutes(app: FastifyInstance, client: LeadwireClient, flows: Map<string, Flow> | undefined): void {
  app.post('/v1/flows/:name/leads', async (req, reply) => {
    const { name } = req.params as { name: string };
    const flow = flows?.get(name);
    if (!flow) {
      throw new ApiError(
        404,
        'FLOW_NOT_FOUND',
        `No flow named ${JSON.stringify(name)}. A flow is addressed by the slug of its name or its file name in the server's flows directory (leadwire serve --flows); ask the operator for the name to use.`,
      );
    }
    const body = parse(StartDistributionBody, req.body);
    const started = await client.startDistribution(flow, body.lead, body.distributionId ? { distributionId: body.distributionId } : {});
    if (!started.started) reply.header('Idempotent-Replayed', 'true');
    reply.header('Location', distributionUrl(started.distributionId));
    return reply.code(202).send({ distributionId: started.distributionId, leadId: started.leadId, flow: flow.name, started: started.started, statusUrl: distributionUrl(started.distributionId) });
  });

  app.get('/v1/distributions/:id', async (req) => {
    const { id } = req.params as { id: string };
    const found = await client.distribution(id).catch((err: unknown) => {
      if (err instanceof LeadwireError && err.code === 'DISTRIBUTION_NOT_FOUND') return undefined;
      throw err;
    });
    if (!found) throw new ApiError(404, 'DISTRIBUTION_NOT_FOUND', `No distribution with id ${JSON.stringify(id)}. Check the id returned when it was started.`);
    return found;
  });
}
