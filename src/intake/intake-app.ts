import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { LeadwireClient } from '../client/leadwire-client.js';
import type { Destination } from '../config/destination-schema.js';
import type { Flow } from '../config/loaded-flow.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import { answerError, ApiError, errorBody } from './api-error.js';
import { registerDeliveryRoutes } from './delivery-routes.js';
import { registerDistributionRoutes } from './distribution-routes.js';
import { authRefusal, requireApiKey } from './intake-auth.js';
import { registerOperatorRoutes } from './operator-routes.js';
import { openApiDocument } from './openapi-document.js';

export interface IntakeAppOptions {
  client: LeadwireClient;
  /** Destinations by the name callers use in the URL (see loadDestinationsDir). */
  destinations: Map<string, Destination>;
  /** Flows by the name callers use in the URL (see loadFlowsDir); default none. */
  flows?: Map<string, Flow>;
  /** Keys callers may present; with none, every request but the health check and OpenAPI document is refused. */
  apiKeys: readonly string[];
  logger?: Logger;
  /** Largest request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  version?: string;
  /**
   * Whether `POST /v1/deliveries/:id/retry` takes a corrected destination. Off by default: a
   * corrected destination can point a lead at any URL, which is a destination author's power,
   * not a lead submitter's (SECURITY.md). `leadwire serve --allow-retry-config` turns it on.
   */
  allowRetryConfig?: boolean;
}

/**
 * The HTTP intake API: callers start deliveries and operators steer them. A factory so tests
 * hand in their own client; `leadwire serve` hands in one connected to Temporal.
 */
export function createIntakeApp(options: IntakeAppOptions): FastifyInstance {
  const { client, apiKeys } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // The router's own refusals (a malformed %-escape, an over-long id) skip the hooks; answering
    // them to a stranger would tell which paths are routes, so they too need a key first.
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const refusal = authRefusal(apiKeys, req) ?? new ApiError(err.statusCode ?? 400, toErrorCode(err.code, 'BAD_REQUEST'), `${err.message}. Check the path (see GET /openapi.json).`);
      return reply.code(refusal.statusCode).send(errorBody(refusal.code, refusal.message));
    },
  }) as unknown as FastifyInstance;
  requireApiKey(app, apiKeys);
  registerPublicRoutes(app, openApiDocument(options.version ?? '0.1.0'));
  registerDeliveryRoutes(app, client, options.destinations);
  registerDistributionRoutes(app, client, options.flows);
  registerOperatorRoutes(app, client, options.allowRetryConfig);
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}. See GET /openapi.json for the API.`)),
  );
  app.setErrorHandler(answerError);
  return app;
}

/** Registers the routes anyone may call: the health check and the OpenAPI document. */
function registerPublicRoutes(app: FastifyInstance, document: Record<string, unknown>): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/openapi.json', async () => document);
}
