import type { FastifyInstance } from 'fastify';
import type { LeadwireClient } from '../client/leadwire-client.js';
import { parseDestination } from '../config/parse-destination.js';
import { ApiError } from './api-error.js';
import { notFoundAs404, parse, refuseReservedId, statusUrl } from './intake-requests.js';
import { AbandonBody, RetryBody } from './intake-schemas.js';

/** Registers an operator's actions on a delivery: retry (with a corrected destination only when `allowRetryConfig`), abandon, cancel. */
export function registerOperatorRoutes(app: FastifyInstance, client: LeadwireClient, allowRetryConfig: boolean | undefined): void {
  app.post('/v1/deliveries/:id/retry', async (req, reply) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
    const body = parse(RetryBody, req.body ?? {});
    if (body.destination && !allowRetryConfig) {
      throw new ApiError(
        403,
        'RETRY_CONFIG_NOT_ALLOWED',
        'This server does not take a corrected destination with a retry: it would let any key holder point a lead at any URL. Retry without `destination`, use `leadwire retry <id> --config <file>`, or start the server with --allow-retry-config.',
      );
    }
    // Validated in full here, as `leadwire validate` does: a ConfigError answers 400 with every issue by path.
    const destination = body.destination ? parseDestination(body.destination, `corrected destination for ${id}`) : undefined;
    const answer = await notFoundAs404(id, () => client.retry(id, { ...(destination ? { destination } : {}), ...(body.requestedBy ? { requestedBy: body.requestedBy } : {}) }));
    return reply.code(202).send({ requested: 'retry', ...answer, statusUrl: statusUrl(id) });
  });

  app.post('/v1/deliveries/:id/abandon', async (req, reply) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
    const body = parse(AbandonBody, req.body);
    const answer = await notFoundAs404(id, () => client.abandon(id, body.reason, body.requestedBy ? { requestedBy: body.requestedBy } : {}));
    return reply.code(202).send({ requested: 'abandon', ...answer, statusUrl: statusUrl(id) });
  });

  app.post('/v1/deliveries/:id/cancel', async (req, reply) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
    await notFoundAs404(id, () => client.cancel(id));
    return reply.code(202).send({ deliveryId: id, requested: 'cancel', statusUrl: statusUrl(id) });
  });
}
