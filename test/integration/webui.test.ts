import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { workflowsLink } from '../../src/cli/web-ui-link.js';
import { devServerOnly } from '../helpers/temporal-target.js';

const CHROMIUM = process.env.LEADWIRE_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`webui.test: skipped, no chromium at ${CHROMIUM} (apt-get install -y chromium, as .ci/run does)`);

let server: DevServer;
let receiver: Receiver;
let harness: Harness;
let browser: BrowserContext;
let profile: string;

// The Web UI ships inside the dev server (`leadwire dev`); the project's cluster runs none.
const noWebUi = devServerOnly('webui.test needs the Web UI the dev server embeds; the cluster runs no UI (docker-compose.yml has temporal-ui)');

describe.skipIf(!haveChromium || noWebUi)('Temporal Web UI', () => {
  beforeAll(async () => {
    // A dev server of our own: the shared one is headless.
    const port = await freePort();
    [server, receiver, profile] = await Promise.all([
      startDevServer({ port, uiPort: await freePort() }),
      startReceiver(),
      mkdtemp(join(tmpdir(), 'leadwire-chromium-')),
    ]);
    harness = await startHarness({ address: server.address });
    // A fresh profile per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await receiver?.close();
    await server?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('finds a failed delivery by its search attributes', { timeout: 120_000 }, async () => {
    const destination = { name: 'WebUI Strict CRM', url: `${receiver.url}/status/422`, allow_insecure_http: true, timeout: 2000, body: { format: 'json' as const, mapping: { email: 'email' } } };
    const leadId = `ui-${Date.now()}`;
    const result = await harness.client.deliver(destination, { id: leadId, email: 'ui@example.com' });
    expect(result.outcome).toBe('failure');
    const ok = await harness.client.deliver({ ...destination, url: `${receiver.url}/leads` }, { id: `${leadId}-ok`, email: 'ok@example.com' });
    expect(ok.outcome).toBe('success');

    const page = await browser.newPage();
    const query = `LeadwireDestination="WebUI Strict CRM" AND LeadwireLeadId="${leadId}" AND LeadwireOutcome="failure"`;
    await page.goto(workflowsLink(server.uiUrl!, 'default', query));
    // The list shows the matching delivery (its workflow id is the delivery id) and not the successful one.
    await page.getByText(result.deliveryId, { exact: true }).first().waitFor({ timeout: 30_000 });
    expect(await page.getByText(ok.deliveryId, { exact: true }).count()).toBe(0);

    // The one-line summary the Web UI shows for it (User Metadata) is set at start.
    expect(await (await harness.client.handle(result.deliveryId).describe()).staticSummary()).toBe(`WebUI Strict CRM · lead ${leadId}`);
    await page.close();
  });
});
