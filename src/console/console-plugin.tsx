import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleActions } from './actions/console-actions.js';
import type { Keyring } from './auth/console-keys.js';
import { DEFAULT_SESSION_TTL_MS, readSession, SESSION_COOKIE } from './auth/session-cookie.js';
import type { ConsoleData } from './data/console-data.js';
import { actionRoutes } from './routes/action-routes.js';
import { assetRoutes } from './routes/asset-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { isHtmx, viewContext, type ConsoleDeps } from './routes/console-context.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { distributionRoutes } from './routes/distribution-routes.js';
import { sendFragment, sendPage } from './routes/render-page.js';
import { CONSOLE_CSP_DIRECTIVES } from './security/content-security-policy.js';
import { isAllowedHost } from './security/host-check.js';
import { MessagePage } from './views/message-page.js';
import { consolePaths } from './views/paths.js';

interface ConsolePluginOptions {
  data: ConsoleData;
  actions: ConsoleActions;
  keyring: Keyring;
  /** Signs the session and CSRF cookies (at least 32 characters). */
  sessionSecret: string;
  /** Host names the console answers to besides loopback (DNS rebinding). */
  allowedHosts?: readonly string[];
  sessionTtlMs?: number;
  now?: () => number;
}

/** Routes anyone may reach: signing in, and the scripts and styles the sign-in page needs. */
const PUBLIC = new Set(['/sign-in', '/assets/:name']);

/**
 * The operator console, as a fastify plugin: register it with a prefix (`/console`). Pages are
 * rendered on the server with preact (every value escaped), actions go through htmx with a CSRF
 * token, sessions live in signed HttpOnly SameSite=Strict cookies, and a strict CSP forbids any
 * script but the console's own files.
 */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const base = app.prefix || '/';
  const deps: ConsoleDeps = {
    data: options.data,
    actions: options.actions,
    keyring: options.keyring,
    paths: consolePaths(base),
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    now: options.now ?? Date.now,
  };
  const allowedHosts = options.allowedHosts ?? [];
  await app.register(fastifyCookie, { secret: options.sessionSecret });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'leadwire_console_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', secure: 'auto', path: deps.paths.base },
  });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      return reply.code(403).type('text/plain').send('This console answers only requests addressed to localhost, 127.0.0.1, [::1] or a name in LEADWIRE_CONSOLE_HOSTS.');
    }
    const signed = req.cookies[SESSION_COOKIE];
    const unsigned = signed ? req.unsignCookie(signed) : undefined;
    const session = unsigned?.valid ? readSession(unsigned.value ?? undefined, deps.now(), deps.keyring.roleOf) : undefined;
    if (session) req.consoleSession = session;
    const route = req.routeOptions.url?.slice(app.prefix.length) ?? '';
    if (session || PUBLIC.has(route)) return;
    if (req.method === 'GET' && !isHtmx(req)) return reply.redirect(`${deps.paths.page('sign-in')}?next=${encodeURIComponent(req.url)}`, 303);
    return reply.code(401).type('text/plain').send('Sign in first: your session has ended or was never started.');
  });

  app.get('/', async (_req, reply) => reply.redirect(deps.paths.page('deliveries'), 303));
  assetRoutes(app);
  authRoutes(app, deps);
  deliveryRoutes(app, deps);
  actionRoutes(app, deps);
  distributionRoutes(app, deps);

  app.setNotFoundHandler(async (req, reply) => sendPage(reply, <MessagePage ctx={viewContext(deps, req, reply)} title="Not found" message="There is no such page in the console." />, 404));
  app.setErrorHandler(async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const csrf = typeof err.code === 'string' && err.code.startsWith('FST_CSRF');
    const status = csrf ? 403 : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    const message = csrf
      ? 'This action came without a valid CSRF token, so it was refused. Reload the page and try again.'
      : status < 500
        ? `The request was not understood (${err.code ?? status}).`
        : 'Something went wrong reading or acting on the deliveries (see the server log). Try again.';
    if (status >= 500) req.log.error({ err }, 'console request failed');
    else req.log.warn({ code: err.code, url: req.url }, 'console request refused');
    if (isHtmx(req) || req.method !== 'GET') return sendFragment(reply, <p class="answer refused" role="alert">{message}</p>, status);
    return sendPage(reply, <MessagePage ctx={viewContext(deps, req, reply)} title={status === 403 ? 'Refused' : 'Something went wrong'} message={message} />, status);
  });
}
