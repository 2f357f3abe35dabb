import type { FastifyInstance } from 'fastify';
import { encodeSession, newSession, SESSION_COOKIE } from '../auth/session-cookie.js';
import { SignInPage } from '../views/sign-in-page.js';
import { viewContext, type ConsoleDeps } from './console-context.js';
import { sendPage } from './render-page.js';

/** Where to go after signing in: only a path inside the console, never another site. */
function safeNext(next: unknown, base: string): string | undefined {
  if (typeof next !== 'string' || !next.startsWith(`${base}/`) || next.startsWith('//') || /[\\\s]/.test(next)) return undefined;
  return next;
}

export function authRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { paths } = deps;
  app.get('/sign-in', async (req, reply) => {
    const next = safeNext((req.query as { next?: unknown }).next, paths.base);
    return sendPage(reply, <SignInPage ctx={viewContext(deps, req, reply)} {...(next ? { next } : {})} />);
  });

  app.post('/sign-in', { preValidation: app.csrfProtection }, async (req, reply) => {
    const body = (req.body ?? {}) as { key?: unknown; next?: unknown };
    const found = deps.keyring.match(typeof body.key === 'string' ? body.key.trim() : undefined);
    if (!found) {
      req.log.warn({ ip: req.ip }, 'console sign-in refused');
      const ctx = viewContext(deps, req, reply);
      return sendPage(reply, <SignInPage ctx={ctx} error="That key does not sign in here. Check it with whoever runs leadwire (LEADWIRE_CONSOLE_KEYS or LEADWIRE_API_KEYS)." />, 401);
    }
    const session = newSession(found.role, found.label, deps.now(), deps.sessionTtlMs);
    reply.setCookie(SESSION_COOKIE, encodeSession(session), sessionCookieOptions(paths.base, deps.sessionTtlMs));
    req.log.info({ who: found.label, role: found.role }, 'console sign-in');
    return reply.redirect(safeNext(body.next, paths.base) ?? paths.page('deliveries'), 303);
  });

  app.post('/sign-out', { preValidation: app.csrfProtection }, async (_req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: paths.base });
    return reply.redirect(paths.page('sign-in'), 303);
  });
}

/** The session cookie: signed, HttpOnly, SameSite=Strict, Secure whenever the request came over https, only for the console's paths. */
const sessionCookieOptions = (base: string, ttlMs: number) =>
  ({ signed: true, httpOnly: true, sameSite: 'strict', secure: 'auto', path: base, maxAge: Math.floor(ttlMs / 1000) }) as const;
