import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { FlowInput } from '../../src/config/flow-schema.js';
import { parseFlow } from '../../src/config/load-flow.js';
import { createKeyring, parseConsoleKeys } from '../../src/console/auth/console-keys.js';
import { startConsoleServer, type ConsoleServer } from '../../src/console/console-server.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import { PATIENCE_MS, until } from '../helpers/eventually.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

const CHROMIUM = process.env.LEADWIRE_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// `npm run screenshots` refreshes docs/screenshots; otherwise they go to a scratch folder.
const SCREENSHOTS = process.env.LEADWIRE_UPDATE_SCREENSHOTS === '1' ? join(PROJECT_ROOT, 'docs', 'screenshots') : join(tmpdir(), 'leadwire-console-screenshots');
if (!haveChromium) console.warn(`console.test: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, as .ci/run does)`);

const OPERATOR_KEY = `op-${randomUUID()}`;
const VIEWER_KEY = `view-${randomUUID()}`;
const t = randomUUID().slice(0, 6);

const { harness, receiver } = useHarnessAndReceiver({ clearEachTest: false });
let consoleServer: ConsoleServer;
let browser: Browser;

describe.skipIf(!haveChromium)('the operator console in a browser', () => {
  beforeAll(async () => {
    [consoleServer, browser] = await Promise.all([
      startConsoleServer({
        client: harness.client,
        settings: {
          keyring: createKeyring(parseConsoleKeys(`operator:${OPERATOR_KEY},viewer:${VIEWER_KEY}`)),
          sessionSecret: randomUUID() + randomUUID(),
          ephemeralSecret: true,
          allowedHosts: [],
          trustProxy: false,
        },
        taskQueue: harness.taskQueue,
        allowRetryConfig: true,
        webUiUrl: 'http://127.0.0.1:8233',
        host: '127.0.0.1',
        port: 0,
      }),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
      mkdir(SCREENSHOTS, { recursive: true }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await consoleServer?.close();
  });

  // 10 s, as the suite's other destinations: a starved receiver must not turn an answer into a retry.
  const base = { allow_insecure_http: true, timeout: 10_000, body: { format: 'json' as const, mapping: { email: 'email' } } } satisfies Partial<DestinationInput>;

  it('finds a parked lead from the list, retries it, and sees it succeed', { timeout: 180_000 }, async () => {
    // The receiver fails each delivery's first two requests: two attempts park it, the retry gets through.
    const destination = { ...base, name: `Down CRM ${t}`, url: `${receiver.url}/leads?fail=2&fail_status=503`, retry: { max_attempts: 2, delay: 20 } };
    const started = await harness.client.startDelivery(destination, { id: `lead-parked-${t}`, email: 'jane@example.com' });
    const ok = await harness.client.deliver({ ...base, name: `Acme CRM ${t}`, url: `${receiver.url}/leads` }, { id: `lead-ok-${t}`, email: 'ok@example.com' });
    expect(ok.outcome).toBe('success');
    await until('the delivery parked', async () => (await harness.client.status(started.deliveryId)).parked);

    const { page, context } = await signedIn('operator');
    const signedOut = await newContext();
    const signInPage = await signedOut.newPage();
    await signInPage.goto(`${consoleServer.url}/sign-in`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await signInPage.screenshot({ path: join(SCREENSHOTS, 'console-sign-in.png') });
    await signedOut.close();
    // The list, filtered to what is parked: the row says why.
    await page.goto(`${consoleServer.url}/deliveries`);
    await page.locator('select[name=outcome]').selectOption('parked');
    await page.getByLabel('Destination').fill(destination.name);
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.locator('tr', { has: page.getByRole('link', { name: `lead-parked-${t}` }) });
    // The list reads visibility, which catches up with the park a moment later: reload until it has.
    await untilPage(page, async () => (await row.getByText('parked', { exact: true }).count()) === 1);
    await row.getByText(/HTTP 503/).waitFor();
    expect(await page.getByRole('link', { name: `lead-ok-${t}` }).count()).toBe(0);
    // The outcome chart is drawn (Chart.js, served by the console, under the CSP).
    await untilPage(page, () => page.evaluate(() => Boolean((window as unknown as { Chart?: { getChart(c: unknown): unknown } }).Chart?.getChart(document.getElementById('outcome-chart')))), false);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-list.png'), fullPage: true });

    // Its page says what happened, why, and what to do, in words, above the buttons.
    await row.getByRole('link', { name: `lead-parked-${t}` }).click();
    await page.getByText(/^Parked since .* HTTP 503 after 2 attempts/).waitFor();
    await page.getByText(/^What to do:.*press Retry/).waitFor();
    expect(await page.locator('table.attempts tbody tr').count()).toBe(2);
    await page.locator('pre.request').getByText('"email": "jane@example.com"').or(page.locator('pre.request').getByText('"email":"jane@example.com"')).waitFor();
    expect(await page.getByRole('link', { name: 'Its full history in the Temporal Web UI' }).getAttribute('href')).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(started.deliveryId)}`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'console-parked.png'), fullPage: true });

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.locator('#answer').getByText('Retry: done.').waitFor({ timeout: PATIENCE_MS });
    // The page follows the delivery by itself: it ends delivered, and the buttons go.
    await page.locator('#live .happened').getByText(/^Delivered to Down CRM/).waitFor({ timeout: PATIENCE_MS });
    await page.getByText('It has ended: there is nothing to retry or give up.').waitFor();
    expect(await page.locator('table.attempts tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-retried.png'), fullPage: true });
    expect((await harness.client.result(started.deliveryId)).operatorActions?.[0]).toMatchObject({ action: 'retry', requestedBy: expect.stringMatching(/^console \(console key [0-9a-f]{8}\)$/) });
    await context.close();
  });

  it('gives up several deliveries at once, after a confirmation that counts them', { timeout: 180_000 }, async () => {
    const destination = { ...base, name: `Bulk CRM ${t}`, url: `${receiver.url}/status/503`, retry: { max_attempts: 2, delay: 20 } };
    const started = await Promise.all([1, 2, 3].map((n) => harness.client.startDelivery(destination, { id: `bulk-${n}-${t}`, email: `b${n}@example.com` })));
    for (const s of started) await until(`${s.deliveryId} parked`, async () => (await harness.client.status(s.deliveryId)).parked);
    const { page, context } = await signedIn('operator');
    await page.goto(`${consoleServer.url}/deliveries?destination=${encodeURIComponent(destination.name)}&outcome=parked`);
    await untilPage(page, async () => (await page.locator('input[name=ids]').count()) === 3);
    for (const box of await page.locator('input[name=ids]').all()) await box.check();
    await page.getByRole('button', { name: 'Give up selected' }).click();
    await page.getByText('Give up 3 deliveries?').waitFor();
    await page.getByLabel('Reason').fill('buyer closed for the season');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-bulk-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: 'Yes, give up 3 deliveries' }).click();
    await page.getByText('Give up: 3 of 3 done.').waitFor({ timeout: PATIENCE_MS });
    for (const s of started) {
      const result = await harness.client.result(s.deliveryId);
      expect(result.outcome).toBe('error');
      expect(result.operatorActions?.[0]).toMatchObject({ action: 'give-up', reason: 'buyer closed for the season' });
    }
    await context.close();
  });

  it("shows a distribution's buyers with their bids, posts and the sale", { timeout: 180_000 }, async () => {
    const ping = (name: string, bid: string): DestinationInput => ({
      name: `${name} ping`,
      url: `${receiver.url}/ping?bid=${bid}`,
      allow_insecure_http: true,
      timeout: 10_000,
      retry: { max_attempts: 1 },
      body: { format: 'json', mapping: { zip: 'zip' } },
      price: 'bid',
    });
    const post = (name: string): DestinationInput => ({ name, url: `${receiver.url}/leads?buyer=${name}`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 1 } });
    const flow = await parseFlow({
      name: `auction-${t}`,
      strategy: 'ping_post',
      // Every buyer answers, so the auction closes at the last answer: a long ping_timeout costs
      // nothing, and a starved buyer's bid still counts.
      ping_timeout: 120_000,
      buyers: [
        { name: `low-${t}`, ping: ping(`low-${t}`, '10'), destination: post(`low-${t}`) },
        { name: `high-${t}`, ping: ping(`high-${t}`, '25.5'), destination: post(`high-${t}`), caps: { per_day: 100 } },
        { name: `pass-${t}`, ping: ping(`pass-${t}`, '0'), destination: post(`pass-${t}`) },
      ],
    } satisfies FlowInput);
    const result = await harness.client.distribute(flow, { id: `auction-lead-${t}`, zip: '30301' });
    expect(result.winner).toBe(`high-${t}`);

    const { page, context } = await signedIn('viewer');
    await page.goto(`${consoleServer.url}/distributions?leadId=${encodeURIComponent(`auction-lead-${t}`)}`);
    await untilPage(page, async () => (await page.getByRole('link', { name: `auction-lead-${t}` }).count()) === 1);
    await page.getByRole('link', { name: `auction-lead-${t}` }).click();
    await page.getByText(`Sold to high-${t} for 25.50.`).waitFor();
    const buyer = (name: string) => page.locator(`tr[data-buyer="${name}"]`);
    await buyer(`high-${t}`).getByText('25.50').first().waitFor();
    await buyer(`high-${t}`).getByText('100 per day').waitFor();
    await buyer(`high-${t}`).getByText('sold', { exact: true }).waitFor();
    await buyer(`high-${t}`).locator('.badge-success').waitFor();
    await buyer(`low-${t}`).getByText('10.00').waitFor();
    expect(await buyer(`low-${t}`).getByText('sold', { exact: true }).count()).toBe(0);
    await buyer(`pass-${t}`).getByText(/passed|no bid/).first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-distribution.png'), fullPage: true });
    await context.close();
  });

  it('refuses a viewer an action, in the page and on the server, and any action without its CSRF token', { timeout: 120_000 }, async () => {
    const destination = { ...base, name: `Viewer CRM ${t}`, url: `${receiver.url}/status/503`, retry: { max_attempts: 1 } };
    const started = await harness.client.startDelivery(destination, { id: `viewer-${t}`, email: 'v@example.com' });
    await until('the delivery parked', async () => (await harness.client.status(started.deliveryId)).parked);
    const retryUrl = `${consoleServer.url}/deliveries/${encodeURIComponent(started.deliveryId)}/retry`;

    const viewer = await signedIn('viewer');
    await viewer.page.goto(`${consoleServer.url}/deliveries/${encodeURIComponent(started.deliveryId)}`);
    await viewer.page.getByText('You are signed in as a viewer').waitFor();
    expect(await viewer.page.getByRole('button', { name: 'Retry', exact: true }).count()).toBe(0);
    await viewer.page.screenshot({ path: join(SCREENSHOTS, 'console-viewer.png'), fullPage: true });
    // The server refuses it too: a POST with the page's own CSRF token, from the viewer's session.
    expect(await postFrom(viewer.page, retryUrl, true)).toBe(403);
    await viewer.context.close();

    const operator = await signedIn('operator');
    await operator.page.goto(`${consoleServer.url}/deliveries/${encodeURIComponent(started.deliveryId)}`);
    expect(await postFrom(operator.page, retryUrl, false)).toBe(403);
    expect((await harness.client.status(started.deliveryId)).parked).toBe(true);
    await operator.context.close();
    await harness.client.abandon(started.deliveryId, 'test over');
  });

  it('shows leads full of markup and script as text: nothing runs, nothing is injected, and the CSP is there', { timeout: 180_000 }, async () => {
    const payload = `"><img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>`;
    const body = JSON.stringify({ error: { message: `Rejected ${payload}<svg onload="alert(3)">` } });
    const destination = {
      ...base,
      name: `XSS CRM ${t}`,
      url: `${receiver.url}/status/422?content_type=application/json&body=${encodeURIComponent(body)}`,
      error_parser: { error_message: 'error.message' },
      body: { format: 'json' as const, mapping: { email: 'email', website: 'website', note: 'note' } },
    };
    const lead = { id: `<script>alert("id")</script>${t}`, email: `${payload}@example.com`, website: 'javascript:alert(4)', note: payload };
    const result = await harness.client.deliver(destination, lead);
    expect(result.outcome).toBe('failure');
    const jsLead = await harness.client.deliver({ ...destination, name: `XSS CRM two ${t}` }, { ...lead, id: `javascript:alert(5)//${t}` });

    const { page, context } = await signedIn('operator');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(`${consoleServer.url}/deliveries?destination=${encodeURIComponent(destination.name)}`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await untilPage(page, async () => (await page.locator('tbody tr').count()) === 1);
    await page.getByText(`Rejected ${payload}`).first().waitFor();
    await expectInert(page, dialogs);

    await page.getByRole('link', { name: lead.id }).click();
    await page.getByText(/^Rejected by XSS CRM/).waitFor();
    await page.locator('pre.request').getByText('javascript:alert(4)').waitFor();
    await expectInert(page, dialogs);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-xss.png'), fullPage: true });

    // A lead id that is a javascript: URL links to the console's own page for it.
    await page.goto(`${consoleServer.url}/deliveries?destination=${encodeURIComponent(`XSS CRM two ${t}`)}`);
    const link = page.getByRole('link', { name: `javascript:alert(5)//${t}` });
    await untilPage(page, async () => (await link.count()) === 1);
    expect(await link.getAttribute('href')).toBe(`/console/deliveries/${encodeURIComponent(jsLead.deliveryId)}`);
    await link.click();
    await page.getByText(/^Rejected by XSS CRM two/).waitFor();
    await expectInert(page, dialogs);
    await context.close();
  });

  /** A browser context of its own (its own cookies); every wait in it is bounded by starvation (PATIENCE_MS), not by how fast a page usually answers. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(PATIENCE_MS);
    context.setDefaultNavigationTimeout(PATIENCE_MS);
    return context;
  }

  /** A new browser context signed in with the role's key through the sign-in page. */
  async function signedIn(role: 'operator' | 'viewer'): Promise<{ page: Page; context: BrowserContext }> {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${consoleServer.url}/deliveries`);
    await page.getByLabel('Key').fill(role === 'operator' ? OPERATOR_KEY : VIEWER_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    return { page, context };
  }
});

/** POSTs from inside the page (its cookies), with or without the CSRF token the page carries; the status. */
async function postFrom(page: Page, url: string, withToken: boolean): Promise<number> {
  return page.evaluate(
    async ([target, send]) => {
      const token = (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)['x-csrf-token'] ?? '';
      const res = await fetch(target!, { method: 'POST', headers: send ? { 'x-csrf-token': token } : {}, credentials: 'same-origin' });
      return res.status;
    },
    [url, withToken] as const,
  );
}

/** No dialog opened, no script ran, and no element a value could have injected exists. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  expect(dialogs).toEqual([]);
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    images: document.querySelectorAll('img').length,
    svgs: document.querySelectorAll('svg').length,
    inlineScripts: Array.from(document.querySelectorAll('script')).filter((s) => !s.src || !new URL(s.src).pathname.startsWith('/console/assets/')).length,
    handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))).length,
    jsLinks: Array.from(document.querySelectorAll('a[href]')).filter((a) => a.getAttribute('href')!.trim().toLowerCase().startsWith('javascript:')).length,
  }));
  expect(found).toEqual({ xss: null, images: 0, svgs: 0, inlineScripts: 0, handlers: 0, jsLinks: 0 });
}

/** Reloads the page until `check` holds (visibility is eventually consistent), for up to PATIENCE_MS. */
async function untilPage(page: Page, check: () => Promise<boolean>, reload = true): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`the page never showed what was expected within ${PATIENCE_MS / 1000} s: ${page.url()}`);
    await page.waitForTimeout(500);
    if (reload) await page.reload();
  }
}
