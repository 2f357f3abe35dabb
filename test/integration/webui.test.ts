import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { sendRaw } from '../helpers/raw-http.js';
import { statusWhen } from '../helpers/status-when.js';
import { PATIENCE_MS } from '../helpers/eventually.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { workflowsLink } from '../../src/cli/web-ui-link.js';
import { devServerOnly } from '../helpers/temporal-target.js';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';

const CHROMIUM = process.env.LEADWIRE_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// `npm run screenshots` refreshes docs/screenshots; otherwise they go to a scratch folder.
const SCREENSHOTS = process.env.LEADWIRE_UPDATE_SCREENSHOTS === '1' ? join(PROJECT_ROOT, 'docs', 'screenshots') : join(tmpdir(), 'leadwire-webui-screenshots');
if (!haveChromium) console.warn(`webui.test: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, as .ci/run does)`);

let server: DevServer;
let receiver: Receiver;
let harness: Harness;
let browser: BrowserContext;
let profile: string;

// The Web UI ships inside the dev server (`leadwire dev`); the project's cluster runs none.
const noWebUi = devServerOnly('webui.test needs the Web UI the dev server embeds; the cluster runs no UI (docker-compose.yml has temporal-ui)');

describe.skipIf(noWebUi)('Temporal Web UI', () => {
  beforeAll(async () => {
    // A dev server of our own: the shared one is headless.
    [server, receiver] = await Promise.all([startDevServer({ port: 0, uiPort: 0 }), startReceiver()]);
    harness = await startHarness({ address: server.address });
  }, 180_000);
  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
    await server?.stop();
  });

  // A web page can reach a loopback port by DNS rebinding (its own name re-pointed at
  // 127.0.0.1, so the page is same-origin with the UI), but its requests say `Host: <its name>`.
  // The UI that start-dev embeds checks no Host; leadwire serves it through a proxy that does.
  describe('refuses what a rebound web page sends (a Host that is not loopback)', () => {
    const uiPort = () => Number(new URL(server.uiUrl!).port);
    const get = (port: number, target: string, host: string) => sendRaw(port, { method: 'GET', target, headers: { host } });

    it('reads nothing: namespaces, settings, a workflow', async () => {
      const started = await harness.client.startDelivery({ name: 'WebUI Host CRM', url: `${receiver.url}/leads`, allow_insecure_http: true }, { id: `host-${Date.now()}` });
      const workflow = `/api/v1/namespaces/default/workflows/${encodeURIComponent(started.deliveryId)}`;
      for (const target of ['/', '/api/v1/settings', '/api/v1/namespaces', workflow]) {
        for (const host of ['evil.example', `evil.example:${uiPort()}`, '127.0.0.1.evil.example', `localhost.evil.example:${uiPort()}`]) {
          const res = await get(uiPort(), target, host);
          expect({ target, host, status: res.status }).toEqual({ target, host, status: 403 });
          expect(res.body).toContain('Host');
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
      // The same requests addressed to the loopback name are served.
      for (const host of [`127.0.0.1:${uiPort()}`, `localhost:${uiPort()}`]) {
        const res = await get(uiPort(), workflow, host);
        expect({ host, status: res.status }).toEqual({ host, status: 200 });
        expect(res.body).toContain(started.deliveryId);
      }
    });

    it('starts nothing, even with the CSRF cookie and header the UI asks for', async () => {
      const csrf = /_csrf=([^;]+)/.exec((await get(uiPort(), '/api/v1/settings', `127.0.0.1:${uiPort()}`)).headers['set-cookie'] ?? '')?.[1];
      expect(csrf).toBeDefined();
      const start = (id: string, host: string) =>
        sendRaw(uiPort(), {
          method: 'POST',
          target: `/api/v1/namespaces/default/workflows/${id}`,
          headers: { host, cookie: `_csrf=${csrf}`, 'x-csrf-token': csrf!, 'content-type': 'application/json' },
          body: JSON.stringify({ workflowType: { name: 'deliverLead' }, taskQueue: { name: `rebinding-${id}` } }),
        });
      const refused = `rebinding-refused-${Date.now()}`;
      expect((await start(refused, `evil.example:${uiPort()}`)).status).toBe(403);
      await expect(harness.temporal.workflow.getHandle(refused).describe()).rejects.toThrow(/not found/i);
      // The control: the UI does start one for a loopback Host (so the refusal above is the Host's).
      const allowed = `rebinding-control-${Date.now()}`;
      expect((await start(allowed, `127.0.0.1:${uiPort()}`)).status).toBe(200);
      await harness.temporal.workflow.getHandle(allowed).terminate('test over');
    });

    it("the frontend's HTTP API answers only its own address", async () => {
      const port = Number(server.httpAddress.split(':').at(-1));
      for (const host of ['evil.example', `evil.example:${port}`, `localhost.evil.example:${port}`]) {
        expect({ host, status: (await get(port, '/api/v1/namespaces', host)).status }).toEqual({ host, status: 403 });
      }
      const own = await get(port, '/api/v1/namespaces', server.httpAddress);
      expect(own.status).toBe(200);
      expect(own.body).toContain('"default"');
    });
  });

  describe.skipIf(!haveChromium)('in a browser', () => {
    beforeAll(async () => {
      [profile] = await Promise.all([mkdtemp(join(tmpdir(), 'leadwire-chromium-')), mkdir(SCREENSHOTS, { recursive: true })]);
      // A fresh profile per run (playwright passes it as --user-data-dir).
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1280, height: 860 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      if (profile) await rm(profile, { recursive: true, force: true });
    });

    it('finds a failed delivery by its search attributes', async () => {
      const destination = { name: 'WebUI Strict CRM', url: `${receiver.url}/status/422`, allow_insecure_http: true, timeout: 10_000, body: { format: 'json' as const, mapping: { email: 'email' } } };
      const leadId = `ui-${Date.now()}`;
      const result = await harness.client.deliver(destination, { id: leadId, email: 'ui@example.com' });
      expect(result.outcome).toBe('failure');
      const ok = await harness.client.deliver({ ...destination, url: `${receiver.url}/leads` }, { id: `${leadId}-ok`, email: 'ok@example.com' });
      expect(ok.outcome).toBe('success');

      const page = await browser.newPage();
      const query = `LeadwireDestination="WebUI Strict CRM" AND LeadwireLeadId="${leadId}" AND LeadwireOutcome="failure"`;
      await page.goto(workflowsLink(server.uiUrl!, 'default', query));
      // The list shows the matching delivery (its workflow id is the delivery id) and not the successful one.
      await page.getByText(result.deliveryId, { exact: true }).first().waitFor({ timeout: PATIENCE_MS });
      expect(await page.getByText(ok.deliveryId, { exact: true }).count()).toBe(0);

      // The one-line summary the Web UI shows for it (User Metadata) is set at start.
      expect(await (await harness.client.handle(result.deliveryId).describe()).staticSummary()).toBe(`WebUI Strict CRM · lead ${leadId}`);
      await page.close();
    });

    it('explains a delivered, a rejected, a retrying and a parked delivery on its page, in words', { timeout: 300_000 }, async () => {
      const base = { allow_insecure_http: true, timeout: 10_000, body: { format: 'json' as const, mapping: { email: 'email' } } } satisfies Partial<DestinationInput>;
      const lead = (id: string) => ({ id, email: `${id}@example.com` });
      const delivered = await harness.client.deliver({ ...base, name: 'Acme CRM', url: `${receiver.url}/leads` }, lead('lead-1001'));
      const rejected = await harness.client.deliver({ ...base, name: 'Strict CRM', url: `${receiver.url}/status/422` }, lead('lead-1002'));
      const retrying = await harness.client.startDelivery({ ...base, name: 'Flaky CRM', url: `${receiver.url}/status/503`, retry: { max_attempts: 5, delay: 3_600_000 } }, lead('lead-1003'));
      const parked = await harness.client.startDelivery({ ...base, name: 'Down CRM', url: `${receiver.url}/status/503`, retry: { max_attempts: 2, delay: 20 } }, lead('lead-1004'));
      expect([delivered.outcome, rejected.outcome]).toEqual(['success', 'failure']);
      await statusWhen(harness.client, retrying.deliveryId, (s) => s.state === 'waiting-to-retry');
      await statusWhen(harness.client, parked.deliveryId, (s) => s.parked);

      const page = await browser.newPage();
      const metadataPage = async (deliveryId: string) => {
        const { runId } = await harness.client.handle(deliveryId).describe();
        await page.goto(`${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(deliveryId)}/${runId}/user-metadata`);
      };

      await metadataPage(delivered.deliveryId);
      await seeText(page, 'Acme CRM · lead lead-1001');
      await seeText(page, 'Delivered to Acme CRM (HTTP 200, 1 attempt): Accepted with HTTP 200.');
      await shoot(page, 'delivered');

      await metadataPage(rejected.deliveryId);
      await seeText(page, /^Rejected by Strict CRM \(HTTP 422, 1 attempt\): The destination answered HTTP 422/);
      await shoot(page, 'rejected');

      await metadataPage(retrying.deliveryId);
      await seeText(page, /^Waiting 60 min before attempt 2 of 5 \(at \d\d:\d\d(:\d\d)? UTC\)\. Last attempt: HTTP 503/);
      await seeText(page, `Retry now: update or signal retry with {}, or leadwire retry ${retrying.deliveryId}`);
      await shoot(page, 'retrying');

      // A reader of this page alone learns what happened, until when it waits, and both ways to act.
      await metadataPage(parked.deliveryId);
      await seeText(page, /^Parked since \d\d:\d\d(:\d\d)? UTC: HTTP 503 after 2 attempts \(last: The destination answered HTTP 503\)\. Waiting for an operator until \d{4}-\d\d-\d\d \d\d:\d\d UTC; if nobody acts, it ends as not delivered\./);
      await seeText(page, `Retry: update or signal retry with {} (or {"destination": {...}}, a whole corrected destination), or leadwire retry ${parked.deliveryId}`);
      await seeText(page, `Give up: update or signal giveUp with {"reason": "..."}, or leadwire abandon ${parked.deliveryId} --reason "..."`);
      await shoot(page, 'parked');

      // The UI's own signal dialog lists both operator signals with what each does.
      await page.getByRole('button', { name: 'More Actions' }).click();
      await page.getByRole('menuitem', { name: 'Send a Signal' }).click();
      await page.locator('[data-testid=signal-select-button]:visible').click();
      await page.getByText(/^Retry now: skips a retry wait or wakes a parked delivery/).filter({ visible: true }).first().waitFor({ timeout: PATIENCE_MS });
      await page.getByText(/^Give up: a waiting or parked delivery ends now/).filter({ visible: true }).first().waitFor({ timeout: PATIENCE_MS });
      await shoot(page, 'parked-signal');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');

      // The timers and steps say what they are in the event history.
      await page.goto(page.url().replace(/\/user-metadata$/, '/history'));
      await page.getByText(`POST ${receiver.url}/status/503, attempt 2`).first().waitFor({ timeout: PATIENCE_MS });
      await page.getByText(/^park window: waiting for an operator until /).first().waitFor({ timeout: PATIENCE_MS });
      // Wide enough for the summaries, past the input and result panels (the page scrolls inside its main panel).
      await page.setViewportSize({ width: 1760, height: 860 });
      await page.mouse.move(760, 700);
      await page.mouse.wheel(0, 420);
      await page.waitForTimeout(500);
      await shoot(page, 'parked-history');
      await page.setViewportSize({ width: 1280, height: 860 });

      // The list: the outcome is the LeadwireOutcome column (Configure Columns adds it; the browser keeps it).
      await page.goto(workflowsLink(server.uiUrl!, 'default', 'LeadwireLeadId IN ("lead-1001", "lead-1002", "lead-1003", "lead-1004")'));
      await page.getByTestId('workflows-summary-table-configuration-button').click();
      for (const column of ['Run ID', 'Type', 'End']) await page.getByTestId(`orderable-list-item-${column}`).getByRole('button', { name: /remove/i }).click();
      for (const column of ['LeadwireOutcome', 'LeadwireDestination', 'LeadwireLastStatus', 'LeadwireAttempts']) {
        await page.getByTestId(`orderable-list-item-${column}`).getByRole('button', { name: /add/i }).click();
      }
      await page.getByTestId('drawer-close-button').click();
      for (const outcome of ['success', 'failure', 'retrying', 'parked']) await page.getByRole('cell', { name: outcome, exact: true }).first().waitFor({ timeout: PATIENCE_MS });
      await page.getByRole('columnheader', { name: 'LeadwireOutcome' }).scrollIntoViewIfNeeded();
      await shoot(page, 'list');
      await page.close();

      await harness.client.abandon(retrying.deliveryId, 'test over');
      await harness.client.abandon(parked.deliveryId, 'test over');
    });
  });
});

/**
 * Waits until the page shows the text. The Web UI renders summaries and details (Markdown) in
 * frames of their own, so every frame is searched; `innerText` is what a reader sees.
 */
async function seeText(page: Page, text: string | RegExp, timeoutMs = PATIENCE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await Promise.all(page.frames().map((f) => f.locator('body').innerText().catch(() => '')));
    const lines = seen.flatMap((t) => t.split('\n').map((l) => l.trim()));
    if (lines.some((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)))) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`the page never showed ${String(text)}; it showed:\n${seen.join('\n---\n').slice(0, 4000)}`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
