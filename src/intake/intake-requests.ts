import { WorkflowNotFoundError } from '@temporalio/client';
import type { z } from 'zod';
import { toConfigIssues } from '../config/format-issues.js';
import { NOT_A_DELIVERY } from '../client/delivery-types.js';
import { reservedShapeOf } from '../core/delivery/reserved-ids.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { ApiError } from './api-error.js';

/** A request body checked against its schema; every problem answered 400 by path. */
export function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? undefined);
  if (!result.success) {
    const issues = toConfigIssues(result.error, { schema, input: body, reference: 'GET /openapi.json' }).map((i) => ({ path: i.path || '(body)', message: i.message }));
    throw new ApiError(400, 'BODY_INVALID', `The request body is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}

/** Runs a client call on a delivery, answering "no such delivery" (404) for a missing id or one that is not a delivery. */
export async function notFoundAs404<T>(id: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    // Another kind of workflow under the id answers as no delivery at all: a key holder learns nothing of what else runs.
    if (err instanceof WorkflowNotFoundError || (err instanceof LeadwireError && (err.code === 'DELIVERY_NOT_FOUND' || err.code === NOT_A_DELIVERY))) throw deliveryNotFound(id);
    throw err;
  }
}

/** The 404 for an id that is no delivery (or that the caller may not learn anything about). */
export const deliveryNotFound = (id: string) =>
  new ApiError(404, 'DELIVERY_NOT_FOUND', `No delivery with id ${JSON.stringify(id)}. Check the id returned when it was started (a distribution is at GET /v1/distributions/{id}).`);

/**
 * An id shaped like one of leadwire's own workflows that are not deliveries (`cap:…`,
 * `batcher--…`) is refused before Temporal is asked: the answer is the same whether it exists.
 */
export function refuseReservedId(id: string): void {
  const shape = reservedShapeOf(id);
  if (shape && !shape.operatorActions) {
    throw new ApiError(404, 'DELIVERY_NOT_FOUND', `No delivery with id ${JSON.stringify(id)}: ids shaped ${shape.shape} belong to ${shape.owner}, never to a delivery.`);
  }
}

/** Where a distribution's status is read. */
export const distributionUrl = (id: string) => `/v1/distributions/${encodeURIComponent(id)}`;
/** Where a delivery's status is read. */
export const statusUrl = (id: string) => `/v1/deliveries/${encodeURIComponent(id)}`;
