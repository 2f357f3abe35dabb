import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { LeadwireClient } from '../client/leadwire-client.js';
import { OPERATED_TYPES } from '../client/delivery-types.js';
import type { Destination } from '../config/destination-schema.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';
import { ApiError } from './api-error.js';
import { deliveryNotFound, notFoundAs404, parse, refuseReservedId, statusUrl } from './intake-requests.js';
import { StartDeliveryBody } from './intake-schemas.js';

/** Registers the delivery routes: start a delivery of a lead to a destination, read a delivery. */
export function registerDeliveryRoutes(app: FastifyInstance, client: LeadwireClient, destinations: Map<string, Destination>): void {
  app.post('/v1/destinations/:name/leads', async (req, reply) => {
    const { name } = req.params as { name: string };
    const destination = destinations.get(name);
    if (!destination) {
      // The configured names are not listed: a caller holding one key should not learn every buyer.
      throw new ApiError(
        404,
        'DESTINATION_NOT_FOUND',
        `No destination named ${JSON.stringify(name)}. A destination is addressed by the slug of its name or its file name in the server's destinations directory (leadwire serve --destinations); ask the operator for the name to use.`,
      );
    }
    const body = parse(StartDeliveryBody, req.body);
    const started = await client.startDelivery(destination, body.lead, body.deliveryId ? { deliveryId: body.deliveryId } : {});
    if (!started.started) reply.header('Idempotent-Replayed', 'true');
    reply.header('Location', statusUrl(started.deliveryId));
    return reply.code(202).send({
      deliveryId: started.deliveryId,
      leadId: started.leadId,
      destination: destination.name,
      started: started.started,
      statusUrl: statusUrl(started.deliveryId),
    });
  });

  app.get('/v1/deliveries/:id', async (req) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
    return deliveryView(client, id);
  });
}

/** What GET /v1/deliveries/:id answers: what visibility knows, with the live status or the record when there is one. */
async function deliveryView(client: LeadwireClient, id: string): Promise<Record<string, unknown>> {
  const handle = client.handle(id);
  const description = await handle.describe().catch(async (err: unknown) => {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    return undefined;
  });
  // A delivery, or a batch (whose record lists its leads): never a buyer's caps, a batcher, a distribution or another application's workflow.
  if (description && !OPERATED_TYPES.has(description.type)) throw deliveryNotFound(id);
  if (!description) {
    // Not a workflow of its own: a lead delivered in a batch, or still waiting for its batch.
    const live = await notFoundAs404(id, () => client.status(id));
    const { deliveryId: _, ...rest } = live;
    return { deliveryId: id, status: live.result ? 'COMPLETED' : 'RUNNING', ...(live.result ? { outcome: live.result.outcome, result: live.result } : {}), ...rest };
  }
  const status = description.status.name;
  const outcome = description.typedSearchAttributes.get(OUTCOME_KEY);
  const base = { deliveryId: id, status, ...(outcome ? { outcome } : {}) };
  if (status === 'COMPLETED') {
    const result = await handle.result();
    return { ...base, state: 'done', outcome: result.outcome, attempts: result.attempts, result };
  }
  if (status === 'RUNNING') {
    try {
      const live = await client.status(id);
      const { deliveryId: _, ...rest } = live;
      return { ...base, ...rest };
    } catch {
      // No worker is answering queries right now; what visibility knows is still useful.
      return base;
    }
  }
  return base;
}
