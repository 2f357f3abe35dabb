import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConfigError } from '../core/errors/config-error.js';
import { toErrorCode, type ErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/** An error the API answers with: `{ error: { code, message, issues? } }`. */
export class ApiError extends LeadwireError {
  constructor(
    readonly statusCode: number,
    code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(code, message);
  }
}

/** The body of every error answer: `{ error: { code, message, issues? } }`. */
export const errorBody = (code: ErrorCode, message: string, issues?: { path: string; message: string }[]) => ({ error: { code, message, ...(issues ? { issues } : {}) } });

/** The intake API's error handler: each error answered with its status and code; anything unexpected logged and answered 500. */
export function answerError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ApiError) return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.issues));
  if (err instanceof ConfigError) return reply.code(400).send(errorBody(err.code, err.message, err.issues));
  if (err instanceof LeadwireError) return reply.code(statusOf(err.code)).send(errorBody(err.code, err.message));
  const fastifyError = err as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    // Fastify's own: malformed JSON, body too large, wrong content type.
    return reply.code(fastifyError.statusCode).send(errorBody(toErrorCode(fastifyError.code, 'BAD_REQUEST'), `${fastifyError.message ?? 'Bad request'}. Send a JSON body (Content-Type: application/json).`));
  }
  req.log.error({ err }, 'intake request failed');
  return reply.code(500).send(errorBody('INTERNAL', 'The request could not be completed (see the server log). Try again; a repeated start never delivers twice.'));
}

/** The HTTP status a LeadwireError's code answers with. */
function statusOf(code: string): number {
  return code === 'DELIVERY_ENDED' || code === 'BATCHED_LEAD' || code === 'ID_TAKEN'
    ? 409
    : code === 'REASON_MISSING' || code.startsWith('LEAD_') || code === 'ID_RESERVED' || code === 'ID_TOO_LONG'
      ? 400
      : code === 'NO_WORKER_ANSWERED' || code === 'WORKER_TOO_OLD'
        ? 503
        : 500;
}
