import { describe, expect, it } from 'vitest';
import { fakeConsole, hostileDistributionRow, hostileRow, OPERATOR_KEY, signIn, VIEWER_KEY } from './fake-console.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';
const retryUrl = `/console/deliveries/${encodeURIComponent(hostileRow.deliveryId)}/retry`;

describe('console access', () => {
  it('sends a stranger to the sign-in page, and refuses a wrong key', async () => {
    const { app } = await fakeConsole();
    const list = await app.inject({ method: 'GET', url: '/console/deliveries' });
    expect(list.statusCode).toBe(303);
    expect(list.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fdeliveries');
    const wrong = await signIn(app, 'not-a-key-at-all-000000');
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.body).toContain('does not sign in here');
    await app.close();
  });

  it('signs in with a key into a signed, HttpOnly, SameSite=Strict session cookie scoped to the console', async () => {
    const { app } = await fakeConsole();
    const { res, jar } = await signIn(app, OPERATOR_KEY);
    expect(res.statusCode).toBe(303);
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('leadwire_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toContain(OPERATOR_KEY);
    const list = await app.inject({ method: 'GET', url: '/console/deliveries', headers: { cookie: jar.header() } });
    expect(list.statusCode).toBe(200);
    await app.close();
  });

  it('refuses a session cookie that was changed (a viewer making itself an operator)', async () => {
    const { app } = await fakeConsole();
    const { jar } = await signIn(app, VIEWER_KEY);
    const tampered = jar.header().replace(/leadwire_console=([^;.]+)/, (_m, value: string) => {
      const session = JSON.parse(Buffer.from(decodeURIComponent(value), 'base64url').toString()) as { role: string };
      return `leadwire_console=${Buffer.from(JSON.stringify({ ...session, role: 'operator' })).toString('base64url')}`;
    });
    const list = await app.inject({ method: 'GET', url: '/console/deliveries', headers: { cookie: tampered } });
    expect(list.statusCode).toBe(303);
    await app.close();
  });

  it('acts for an operator with a CSRF token, recording who asked', async () => {
    const { app, actions } = await fakeConsole();
    const { jar, token } = await signIn(app, OPERATOR_KEY);
    const res = await app.inject({ method: 'POST', url: retryUrl, headers: { cookie: jar.header(), 'x-csrf-token': token, 'hx-request': 'true' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Retry: done.');
    expect(actions.calls).toEqual([`retry ${hostileRow.deliveryId} by console (console key ${actions.calls[0]!.match(/key ([0-9a-f]{8})/)![1]})`]);
    await app.close();
  });

  it('refuses an action without a CSRF token, or with a wrong one', async () => {
    const { app, actions } = await fakeConsole();
    const { jar } = await signIn(app, OPERATOR_KEY);
    const none = await app.inject({ method: 'POST', url: retryUrl, headers: { cookie: jar.header() } });
    expect(none.statusCode).toBe(403);
    const wrong = await app.inject({ method: 'POST', url: retryUrl, headers: { cookie: jar.header(), 'x-csrf-token': 'made-up-token' } });
    expect(wrong.statusCode).toBe(403);
    const bulk = await app.inject({ method: 'POST', url: '/console/deliveries/bulk', headers: { cookie: jar.header(), 'content-type': FORM }, payload: form({ action: 'give-up', ids: 'a', reason: 'x' }) });
    expect(bulk.statusCode).toBe(403);
    expect(actions.calls).toEqual([]);
    await app.close();
  });

  it('refuses sign-in, sign-out and every action without a CSRF token, and acts on none', async () => {
    const { app, actions } = await fakeConsole();
    const { jar } = await signIn(app, OPERATOR_KEY);
    const id = encodeURIComponent(hostileRow.deliveryId);
    const posts = ['retry', 'give-up', 'cancel', 'retry-with-destination'].map((sub) => `/console/deliveries/${id}/${sub}`).concat('/console/deliveries/bulk', '/console/deliveries/bulk/confirm', '/console/sign-out');
    for (const url of posts) {
      const res = await app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': FORM }, payload: form({ ids: 'a', action: 'retry', reason: 'r', destination: 'name: x' }) });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('without a valid CSRF token');
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
    expect(actions.calls).toEqual([]);
    // Signing in is an action too (login CSRF: another site signing a browser in with its own key).
    const loginWithoutToken = await app.inject({ method: 'POST', url: '/console/sign-in', headers: { 'content-type': FORM }, payload: form({ key: OPERATOR_KEY }) });
    expect(loginWithoutToken.statusCode).toBe(403);
    expect(String(loginWithoutToken.headers['set-cookie'] ?? '')).not.toContain('leadwire_console=');
    await app.close();
  });

  it('refuses every action to a viewer on the server, whatever the page shows', async () => {
    const { app, actions } = await fakeConsole();
    const { jar, token } = await signIn(app, VIEWER_KEY);
    const headers = { cookie: jar.header(), 'x-csrf-token': token, 'content-type': FORM };
    for (const url of [retryUrl, retryUrl.replace(/retry$/, 'give-up'), retryUrl.replace(/retry$/, 'cancel'), '/console/deliveries/bulk', '/console/deliveries/bulk/confirm']) {
      const res = await app.inject({ method: 'POST', url, headers, payload: form({ reason: 'r', ids: 'a', action: 'retry' }) });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('only an operator can act');
    }
    expect(actions.calls).toEqual([]);
    const page = await app.inject({ method: 'GET', url: `/console/deliveries/${encodeURIComponent(hostileRow.deliveryId)}`, headers: { cookie: jar.header() } });
    expect(page.body).toContain('signed in as a viewer');
    expect(page.body).not.toContain('>Retry</button>');
    await app.close();
  });

  it('answers only requests addressed to loopback or a listed name (DNS rebinding)', async () => {
    const { app } = await fakeConsole();
    const res = await app.inject({ method: 'GET', url: '/console/sign-in', headers: { host: 'rebound.example.com' } });
    expect(res.statusCode).toBe(403);
    const local = await app.inject({ method: 'GET', url: '/console/sign-in', headers: { host: '127.0.0.1:8081' } });
    expect(local.statusCode).toBe(200);
    await app.close();
  });

  it('refuses a foreign Host before anything else: a signed-in page, sign-in and an action with a valid token all get 403, and nothing is done', async () => {
    const { app, actions } = await fakeConsole(undefined, { allowedHosts: ['console.example.com'] });
    const { jar, token } = await signIn(app, OPERATOR_KEY);
    const headers = (host: string) => ({ host, cookie: jar.header(), 'x-csrf-token': token, 'content-type': FORM });
    for (const host of ['rebound.example.com', 'evil.example:8081', '127.0.0.1.evil.example', 'localhost.evil.example:8081', 'console.example.com.evil.example']) {
      const page = await app.inject({ method: 'GET', url: '/console/deliveries', headers: headers(host) });
      expect({ host, status: page.statusCode }).toEqual({ host, status: 403 });
      expect(page.body).not.toContain(hostileRow.deliveryId);
      const action = await app.inject({ method: 'POST', url: retryUrl, headers: headers(host) });
      expect({ host, status: action.statusCode }).toEqual({ host, status: 403 });
      const login = await app.inject({ method: 'POST', url: '/console/sign-in', headers: headers(host), payload: form({ _csrf: token, key: OPERATOR_KEY }) });
      expect({ host, status: login.statusCode }).toEqual({ host, status: 403 });
      expect(login.headers['set-cookie']).toBeUndefined();
    }
    expect(actions.calls).toEqual([]);
    // The same requests addressed to loopback, or to the listed name, are served.
    for (const host of ['localhost:8081', '[::1]:8081', 'console.example.com', 'CONSOLE.example.com:443']) {
      expect({ host, status: (await app.inject({ method: 'GET', url: '/console/deliveries', headers: headers(host) })).statusCode }).toEqual({ host, status: 200 });
    }
    expect((await app.inject({ method: 'POST', url: retryUrl, headers: headers('console.example.com') })).statusCode).toBe(200);
    expect(actions.calls).toHaveLength(1);
    await app.close();
  });

  it('sends a strict Content-Security-Policy and forbids framing', async () => {
    const { app } = await fakeConsole();
    const res = await app.inject({ method: 'GET', url: '/console/sign-in' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-frame-options']).toBe('DENY');
    await app.close();
  });

  it('sends after sign-in only to a page of the console', async () => {
    const { app } = await fakeConsole();
    const page = await app.inject({ method: 'GET', url: '/console/sign-in?next=//evil.example.com/' });
    expect(page.body).not.toContain('evil.example.com');
    await app.close();
  });
});

describe('console pages escape every value', () => {
  it('shows markup from a lead as text in the list and on the delivery page', async () => {
    const { app } = await fakeConsole();
    const { jar } = await signIn(app, OPERATOR_KEY);
    for (const url of ['/console/deliveries', `/console/deliveries/${encodeURIComponent(hostileRow.deliveryId)}`]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/<script>alert|<img src=x/);
      expect(res.body).toContain('&lt;script>alert(2)&lt;/script>');
      // A lead id that is a javascript: URL is shown as text; links go to the console's own paths.
      expect(res.body).not.toMatch(/href="javascript:/);
    }
    await app.close();
  });

  it('shows markup from a lead, a buyer or its answer as text in the distributions list and on a distribution page', async () => {
    const { app } = await fakeConsole();
    const { jar } = await signIn(app, VIEWER_KEY);
    const missing = `/console/distributions/${encodeURIComponent('nope<script>alert(5)</script>')}`;
    for (const url of ['/console/distributions', `/console/distributions/${encodeURIComponent(hostileDistributionRow.distributionId)}`, missing]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
      expect(res.statusCode, url).toBe(url === missing ? 404 : 200);
      expect(res.body).not.toMatch(/<script>alert|<img src=x/);
      expect(res.body).not.toMatch(/href="javascript:/);
    }
    const page = await app.inject({ method: 'GET', url: `/console/distributions/${encodeURIComponent(hostileDistributionRow.distributionId)}`, headers: { cookie: jar.header() } });
    expect(page.body).toContain('Sold to buyer &quot;>&lt;img src=x onerror=&quot;alert(1)&quot;>&lt;script>alert(2)&lt;/script> for 12.50.');
    expect(page.body).toContain('skipped: skip rule said &quot;>&lt;img');
    await app.close();
  });

  it('says what a page needs when its data does not exist yet', async () => {
    const { app } = await fakeConsole();
    const { jar } = await signIn(app, VIEWER_KEY);
    const partners = await app.inject({ method: 'GET', url: '/console/partners', headers: { cookie: jar.header() } });
    expect(partners.body).toContain('Needs the limits.');
    const reports = await app.inject({ method: 'GET', url: '/console/reports', headers: { cookie: jar.header() } });
    expect(reports.body).toContain('Needs the ledger.');
    await app.close();
  });
});

describe('console assets', () => {
  it('serves htmx, Chart.js and its own script and styles from itself, to anyone (the sign-in page needs them)', async () => {
    const { app } = await fakeConsole();
    for (const [name, type] of [['htmx.min.js', 'text/javascript'], ['chart.umd.min.js', 'text/javascript'], ['console.js', 'text/javascript'], ['console.css', 'text/css']]) {
      const res = await app.inject({ method: 'GET', url: `/console/assets/${name}` });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.body.length).toBeGreaterThan(100);
    }
    expect((await app.inject({ method: 'GET', url: '/console/assets/..%2F..%2Fpackage.json' })).statusCode).toBe(404);
    await app.close();
  });
});

describe('retry with a corrected destination', () => {
  it('is offered only when the server allows it, and a destination that is not YAML is refused with why', async () => {
    const { app } = await fakeConsole();
    const { jar, token } = await signIn(app, OPERATOR_KEY);
    const page = await app.inject({ method: 'GET', url: `/console/deliveries/${encodeURIComponent(hostileRow.deliveryId)}`, headers: { cookie: jar.header() } });
    expect(page.body).not.toContain('Retry with a corrected destination');
    const res = await app.inject({
      method: 'POST',
      url: retryUrl.replace(/retry$/, 'retry-with-destination'),
      headers: { cookie: jar.header(), 'x-csrf-token': token, 'content-type': FORM },
      payload: form({ destination: 'name: [unclosed' }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('not valid YAML');
    await app.close();
  });
});
