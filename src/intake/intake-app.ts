import { WorkflowNotFoundError } from '@temporalio/client';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { LeadwireClient } from '../client/leadwire-client.js';
import type { Destination } from '../config/destination-schema.js';
import { toConfigIssues } from '../config/format-issues.js';
import { parseDestination } from '../config/parse-destination.js';
import { ConfigError } from '../core/errors/config-error.js';
import { toErrorCode, type ErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { OUTCOME_KEY } from '../shared/search-attributes.js';
import { NOT_A_DELIVERY, OPERATED_TYPES } from '../client/delivery-types.js';
import { reservedShapeOf } from '../core/delivery/reserved-ids.js';
import { isValidApiKey, presentedKey } from './api-keys.js';
import { AbandonBody, RetryBody, StartDeliveryBody, StartDistributionBody } from './intake-schemas.js';
import type { Flow } from '../config/loaded-flow.js';
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

/** An error the API answers with: `{ error: { code, message, issues? } }`. */
class ApiError extends LeadwireError {
  constructor(
    readonly statusCode: number,
    code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(code, message);
  }
}

/**
 * The HTTP intake API: callers start deliveries and operators steer them. A factory so tests
 * hand in their own client; `leadwire serve` hands in one connected to Temporal.
 */
export function createIntakeApp(options: IntakeAppOptions): FastifyInstance {
  const { client, destinations, apiKeys } = options;
  /** Why a request may not go on: no keys configured, or none of them presented. */
  const authRefusal = (req: FastifyRequest): ApiError | undefined => {
    if (apiKeys.length === 0) return new ApiError(401, 'AUTH_NOT_CONFIGURED', 'This API has no keys configured, so every request is refused. Set LEADWIRE_API_KEYS on the server.');
    if (!isValidApiKey(presentedKey(req.headers), apiKeys)) {
      return new ApiError(401, 'UNAUTHORIZED', 'Missing or invalid API key. Send `Authorization: Bearer <key>` or `X-API-Key: <key>` with one of the keys in LEADWIRE_API_KEYS.');
    }
    return undefined;
  };
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // The router's own refusals (a malformed %-escape, an over-long id) skip the hooks; answering
    // them to a stranger would tell which paths are routes, so they too need a key first.
    frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const refusal = authRefusal(req) ?? new ApiError(err.statusCode ?? 400, toErrorCode(err.code, 'BAD_REQUEST'), `${err.message}. Check the path (see GET /openapi.json).`);
      return reply.code(refusal.statusCode).send(errorBody(refusal.code, refusal.message));
    },
  }) as unknown as FastifyInstance;
  const document = openApiDocument(options.version ?? '0.1.0');

  // Authentication is decided on the route the router matched, never on the raw request target:
  // the router decodes (`/%761/...`) and accepts absolute-form targets (`http://x/v1/...`),
  // so a prefix check on req.url let those through. Anything not on the public list needs a
  // key, including paths no route matches (a stranger learns nothing from a 404).
  app.addHook('onRequest', async (req) => {
    if (isPublicRoute(req)) return;
    const refusal = authRefusal(req);
    if (refusal) throw refusal;
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/openapi.json', async () => document);

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

  app.post('/v1/flows/:name/leads', async (req, reply) => {
    const { name } = req.params as { name: string };
    const flow = options.flows?.get(name);
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

  app.get('/v1/deliveries/:id', async (req) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
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
  });

  app.post('/v1/deliveries/:id/retry', async (req, reply) => {
    const { id } = req.params as { id: string };
    refuseReservedId(id);
    const body = parse(RetryBody, req.body ?? {});
    if (body.destination && !options.allowRetryConfig) {
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

  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}. See GET /openapi.json for the API.`)),
  );
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof ApiError) return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.issues));
    if (err instanceof ConfigError) return reply.code(400).send(errorBody(err.code, err.message, err.issues));
    if (err instanceof LeadwireError) {
      const status =
        err.code === 'DELIVERY_ENDED' || err.code === 'BATCHED_LEAD' || err.code === 'ID_TAKEN'
          ? 409
          : err.code === 'REASON_MISSING' || err.code.startsWith('LEAD_') || err.code === 'ID_RESERVED' || err.code === 'ID_TOO_LONG'
            ? 400
            : err.code === 'NO_WORKER_ANSWERED' || err.code === 'WORKER_TOO_OLD'
              ? 503
              : 500;
      return reply.code(status).send(errorBody(err.code, err.message));
    }
    const fastifyError = err as { statusCode?: number; code?: string; message?: string };
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      // Fastify's own: malformed JSON, body too large, wrong content type.
      return reply.code(fastifyError.statusCode).send(errorBody(toErrorCode(fastifyError.code, 'BAD_REQUEST'), `${fastifyError.message ?? 'Bad request'}. Send a JSON body (Content-Type: application/json).`));
    }
    req.log.error({ err }, 'intake request failed');
    return reply.code(500).send(errorBody('INTERNAL', 'The request could not be completed (see the server log). Try again; a repeated start never delivers twice.'));
  });

  return app;
}

/** The routes anyone may call, as `METHOD /pattern` of the registered route (HEAD is Fastify's automatic one). */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set(['GET /healthz', 'HEAD /healthz', 'GET /openapi.json']);

/** Whether the router matched a public route; `routeOptions.url` is undefined when nothing matched. */
function isPublicRoute(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  return route !== undefined && PUBLIC_ROUTES.has(`${req.method} ${route}`);
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? undefined);
  if (!result.success) {
    const issues = toConfigIssues(result.error, { schema, input: body, reference: 'GET /openapi.json' }).map((i) => ({ path: i.path || '(body)', message: i.message }));
    throw new ApiError(400, 'BODY_INVALID', `The request body is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}

async function notFoundAs404<T>(id: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    // Another kind of workflow under the id answers as no delivery at all: a key holder learns nothing of what else runs.
    if (err instanceof WorkflowNotFoundError || (err instanceof LeadwireError && (err.code === 'DELIVERY_NOT_FOUND' || err.code === NOT_A_DELIVERY))) throw deliveryNotFound(id);
    throw err;
  }
}

const deliveryNotFound = (id: string) =>
  new ApiError(404, 'DELIVERY_NOT_FOUND', `No delivery with id ${JSON.stringify(id)}. Check the id returned when it was started (a distribution is at GET /v1/distributions/{id}).`);

/**
 * An id shaped like one of leadwire's own workflows that are not deliveries (`cap:…`,
 * `batcher--…`) is refused before Temporal is asked: the answer is the same whether it exists.
 */
function refuseReservedId(id: string): void {
  const shape = reservedShapeOf(id);
  if (shape && !shape.operatorActions) {
    throw new ApiError(404, 'DELIVERY_NOT_FOUND', `No delivery with id ${JSON.stringify(id)}: ids shaped ${shape.shape} belong to ${shape.owner}, never to a delivery.`);
  }
}

const distributionUrl = (id: string) => `/v1/distributions/${encodeURIComponent(id)}`;
const statusUrl = (id: string) => `/v1/deliveries/${encodeURIComponent(id)}`;
const errorBody = (code: ErrorCode, message: string, issues?: { path: string; message: string }[]) => ({ error: { code, message, ...(issues ? { issues } : {}) } });
