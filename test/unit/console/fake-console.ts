import Fastify, { type FastifyInstance } from 'fastify';
import type { ActionAnswer, ConsoleActions } from '../../../src/console/actions/console-actions.js';
import { createKeyring, parseConsoleKeys } from '../../../src/console/auth/console-keys.js';
import { consolePlugin } from '../../../src/console/console-plugin.js';
import type { ConsoleData, DeliveryDetail, DeliveryRow, DistributionDetail, DistributionRow } from '../../../src/console/data/console-data.js';
import { NEEDS_LEDGER, NEEDS_LIMITS } from '../../../src/console/data/temporal-console-data.js';

export const OPERATOR_KEY = 'operator-key-0123456789';
export const VIEWER_KEY = 'viewer-key-0123456789';
export const XSS = `"><img src=x onerror="alert(1)"><script>alert(2)</script>`;

/** A row full of markup where a lead's values go. */
export const hostileRow: DeliveryRow = {
  deliveryId: `x--${XSS}`,
  outcome: 'parked',
  running: true,
  destination: `Dest ${XSS}`,
  leadId: `javascript:alert(3)`,
  attempts: 2,
  startedAt: '2026-05-01T10:00:00.000Z',
  reason: `The destination said ${XSS}`,
};

export const hostileDetail: DeliveryDetail = {
  row: hostileRow,
  live: { state: 'parked', attempts: [], parked: true, parkedUntil: '2026-05-08T10:00:00.000Z', lastError: XSS },
  attempts: [{ attempt: 1, startedAt: '2026-05-01T10:00:00.000Z', durationMs: 12, url: `http://127.0.0.1/${XSS}`, status: 503, outcome: 'error', reason: XSS }],
  request: { method: 'POST', url: 'http://127.0.0.1/leads', headers: { 'x-note': XSS }, body: `{"name":"${XSS}"}` },
};

/** A distribution whose lead id, buyers' reasons and sale are full of markup (a buyer's answer is attacker-controlled too). */
export const hostileDistributionRow: DistributionRow = {
  distributionId: `flow--${XSS}`,
  outcome: 'sold',
  running: false,
  flow: 'auction',
  leadId: `javascript:alert(4)`,
  soldTo: [`buyer ${XSS}`],
  price: 12.5,
  startedAt: '2026-05-01T10:00:00.000Z',
};

export const hostileDistribution: DistributionDetail = {
  row: hostileDistributionRow,
  record: { outcome: 'sold', winner: `buyer ${XSS}`, soldTo: [`buyer ${XSS}`], salePrice: 12.5, strategy: 'ping_post', sale: 'exclusive', startedAt: '2026-05-01T10:00:00.000Z' },
  buyers: [
    {
      buyer: `buyer ${XSS}`,
      eligible: true,
      sold: true,
      post: { deliveryId: `post--${XSS}`, outcome: 'success', reason: `Accepted ${XSS}`, startedAt: '2026-05-01T10:00:01.000Z' },
    },
    { buyer: 'other', eligible: false, skipped: `skip rule said ${XSS}`, sold: false },
  ],
};

export function fakeData(): ConsoleData {
  return {
    deliveries: {
      list: async () => ({ rows: [hostileRow], total: 1 }),
      countByOutcome: async () => ({ parked: 1 }),
      get: async (id) => (id === hostileRow.deliveryId ? hostileDetail : undefined),
    },
    distributions: { list: async () => ({ rows: [hostileDistributionRow], total: 1 }), get: async (id) => (id === hostileDistributionRow.distributionId ? hostileDistribution : undefined) },
    partners: NEEDS_LIMITS,
    reports: NEEDS_LEDGER,
  };
}

export function recordingActions(): ConsoleActions & { calls: string[] } {
  const calls: string[] = [];
  const ok = (id: string, what: string, by: string): ActionAnswer => {
    calls.push(`${what} ${id} by ${by}`);
    return { deliveryId: id, ok: true, message: `${what} taken` };
  };
  return {
    calls,
    allowRetryConfig: false,
    retry: async (id, by) => ok(id, 'retry', by),
    retryWithDestination: async (id, _d, by) => ok(id, 'retry-with-destination', by),
    giveUp: async (id, _r, by) => ok(id, 'give-up', by),
    cancel: async (id, by) => ok(id, 'cancel', by),
    bulk: async (action, ids, { by }) => ids.map((id) => ok(id, action, by)),
  };
}

export async function fakeConsole(actions = recordingActions(), options: { allowedHosts?: string[] } = {}): Promise<{ app: FastifyInstance; actions: ReturnType<typeof recordingActions> }> {
  const app = Fastify({ routerOptions: { maxParamLength: 2000 } }) as unknown as FastifyInstance;
  await app.register(consolePlugin, {
    prefix: '/console',
    data: fakeData(),
    actions,
    keyring: createKeyring(parseConsoleKeys(`operator:${OPERATOR_KEY},viewer:${VIEWER_KEY}`)),
    sessionSecret: 'a-test-secret-of-at-least-32-characters!',
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
  });
  await app.ready();
  return { app, actions };
}

/** A browser's cookie jar for app.inject: keeps what Set-Cookie says, sends it back. */
export function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    take(setCookie: string | string[] | undefined) {
      for (const line of [setCookie ?? []].flat()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const value = pair!.slice(eq + 1);
        if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair!.slice(0, eq));
        else jar.set(pair!.slice(0, eq), value);
      }
    },
  };
}

/** Signs in with a key the way the sign-in page does: its CSRF token, then the form. Returns the jar and a token for later actions. */
export async function signIn(app: FastifyInstance, key: string) {
  const jar = cookieJar();
  const page = await app.inject({ method: 'GET', url: '/console/sign-in' });
  jar.take(page.headers['set-cookie']);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await app.inject({ method: 'POST', url: '/console/sign-in', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, key }).toString() });
  jar.take(res.headers['set-cookie']);
  return { jar, token, res };
}
