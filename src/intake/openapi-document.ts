import { z } from 'zod';
import { AbandonBody, DeliveryBody, DistributionBody, ErrorBody, OperatorAnswerBody, RetryBody, StartDeliveryBody, StartDistributionBody, StartedBody, StartedDistributionBody } from './intake-schemas.js';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'input') => z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ content: { 'application/json': { schema: schema(s, io) } } });
const error = (description: string) => ({ description, ...json(ErrorBody) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The delivery id (or a batch id)' };
const common = {
  '401': error('No API key, or not a valid one'),
  '404': error("No such delivery (DELIVERY_NOT_FOUND), also for an id that is some other workflow: a buyer's caps (cap:…), a batcher, a distribution. These routes act on deliveries and batches only"),
};
const reservedIds = "an id shaped like one of leadwire's own workflows (ID_RESERVED: cap:…, …--ping, …--post, batcher--…, batch--…), or a given distribution id too long for its buyers' ids (ID_TOO_LONG)";

/** The intake API's OpenAPI 3.0 document, generated from the same zod schemas that validate requests. */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'leadwire intake API',
      version,
      description: 'Start durable lead deliveries, read their status and results, and retry, abandon or cancel them.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'One of LEADWIRE_API_KEYS' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'One of LEADWIRE_API_KEYS' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
    paths: {
      ...startPaths(),
      ...distributionPaths(),
      ...deliveryPaths(),
      ...operatorPaths(),
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'ok' } } } },
    },
  };
}

/** The paths that start work: a delivery to a destination, a distribution through a flow. */
function startPaths(): Record<string, unknown> {
  return {
    '/v1/destinations/{name}/leads': {
      post: {
        summary: 'Start a delivery of one lead',
        description:
          'Answers 202 with the delivery id as soon as the delivery is durably started. Posting the same lead (same lead id, or same deliveryId) again answers with the same delivery and `started: false`; it is never sent twice.',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'Destination name as a slug (`demo-crm`) or its file name' }],
        requestBody: { required: true, ...json(StartDeliveryBody, 'input') },
        responses: {
          '202': { description: 'Delivery started (or already existed)', ...json(StartedBody) },
          '400': error(`The body is not valid (every problem listed by path), the lead is not usable, or the delivery id (given, or derived from the lead id) is ${reservedIds}`),
          '401': error('No API key, or not a valid one'),
          '404': error('No such destination'),
          '409': error('The delivery id is already the id of a workflow that is not a delivery (ID_TAKEN)'),
        },
      },
    },
    '/v1/flows/{name}/leads': {
      post: {
        summary: 'Distribute one lead through a flow (fan-out, waterfall or ping-post)',
        description: 'Answers 202 with the distribution id as soon as it is durably started. Posting the same lead again answers with the same distribution and `started: false`; its buyers are never offered it twice.',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'Flow name as a slug (`ping-post`) or its file name' }],
        requestBody: { required: true, ...json(StartDistributionBody, 'input') },
        responses: {
          '202': { description: 'Distribution started (or already existed)', ...json(StartedDistributionBody) },
          '400': error(`The body is not valid (every problem listed by path), the lead is not usable, or the distribution id is ${reservedIds}`),
          '401': error('No API key, or not a valid one'),
          '404': error('No such flow'),
          '409': error('The distribution id is already the id of a workflow that is not a distribution (ID_TAKEN)'),
        },
      },
    },
  };
}

/** The path that reads a distribution. */
function distributionPaths(): Record<string, unknown> {
  return {
    '/v1/distributions/{id}': {
      get: {
        summary: 'Progress and result of a distribution',
        parameters: [{ ...idParam, description: 'The distribution id' }],
        responses: { '200': { description: 'The distribution', ...json(DistributionBody) }, '401': error('No API key, or not a valid one'), '404': error('No such distribution') },
      },
    },
  };
}

/** The path that reads a delivery. */
function deliveryPaths(): Record<string, unknown> {
  return {
    '/v1/deliveries/{id}': {
      get: {
        summary: 'Status and result of a delivery',
        parameters: [idParam],
        responses: { '200': { description: 'The delivery', ...json(DeliveryBody) }, ...common },
      },
    },
  };
}

/** The paths of an operator's actions on a delivery: retry, abandon, cancel. */
function operatorPaths(): Record<string, unknown> {
  return {
    '/v1/deliveries/{id}/retry': {
      post: {
        summary: 'Retry a waiting or parked delivery now, optionally with a corrected destination',
        parameters: [idParam],
        requestBody: { required: false, ...json(RetryBody, 'input') },
        responses: {
          '202': { description: 'Retry taken: what the delivery does now', ...json(OperatorAnswerBody) },
          '400': error('The body is not valid, or the corrected destination is not (CONFIG_INVALID, every problem listed by path)'),
          '403': error('A corrected destination was sent, but the server does not take them (RETRY_CONFIG_NOT_ALLOWED)'),
          ...common,
          '409': error('The delivery has already ended (DELIVERY_ENDED: the message says how), or the id is a lead of a batch (BATCHED_LEAD: retry the batch)'),
        },
      },
    },
    '/v1/deliveries/{id}/abandon': {
      post: {
        summary: 'Give up a waiting or parked delivery',
        parameters: [idParam],
        requestBody: { required: true, ...json(AbandonBody, 'input') },
        responses: { '202': { description: 'Give-up taken: what the delivery does now', ...json(OperatorAnswerBody) }, '400': error('No reason given'), ...common, '409': error('The delivery has already ended (DELIVERY_ENDED: the message says how)') },
      },
    },
    '/v1/deliveries/{id}/cancel': {
      post: {
        summary: 'Cancel a delivery (it ends with outcome `cancelled`)',
        parameters: [idParam],
        responses: { '202': { description: 'Cancellation requested' }, ...common, '409': error('The delivery has already ended (DELIVERY_ENDED: the message says how)') },
      },
    },
  };
}
