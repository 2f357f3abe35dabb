import type {} from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleActions } from '../actions/console-actions.js';
import type { Keyring } from '../auth/console-keys.js';
import type { Session } from '../auth/session-cookie.js';
import type { ConsoleData } from '../data/console-data.js';
import type { Paths } from '../views/paths.js';
import type { ViewContext } from '../views/view-context.js';

/** What the console's routes share. */
export interface ConsoleDeps {
  data: ConsoleData;
  actions: ConsoleActions;
  keyring: Keyring;
  paths: Paths;
  sessionTtlMs: number;
  now: () => number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by the console's session hook. */
    consoleSession?: Session;
  }
}

/** A page's view context: paths, the session, a fresh CSRF token (its secret in a signed cookie). */
export function viewContext(deps: ConsoleDeps, req: FastifyRequest, reply: FastifyReply): ViewContext {
  return { paths: deps.paths, ...(req.consoleSession ? { session: req.consoleSession } : {}), csrfToken: reply.generateCsrf(), nowMs: deps.now() };
}

/** Who did it, for the record: `console (<key label>)`. */
export const requestedBy = (req: FastifyRequest) => `console (${req.consoleSession?.who ?? 'unknown'})`;

export const isHtmx = (req: FastifyRequest) => req.headers['hx-request'] === 'true';
