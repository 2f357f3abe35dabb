import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import { createDeliveryMetrics } from '../../src/metrics/delivery-metrics.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';
import { secretEnv } from '../helpers/granted-secrets.js';

const SECRET_KEY = `secret-key-${randomUUID()}`;
const LITERAL_KEY = `literal-key-${randomUUID()}`;
const RESPONSE_COOKIE = `response-cookie-${randomUUID()}`;
let crm: http.Server;
let crmUrl: string;
const logLines: string[] = [];
let harness: Harness;
const metrics = createDeliveryMetrics();

beforeAll(async () => {
  crm = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': `sid=${RESPONSE_COOKIE}`, authorization: 'Bearer echoed' }).end('{"status":"success"}'));
  await new Promise<void>((r) => crm.listen(0, '127.0.0.1', r));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  const logger = createLogger({ destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }), level: 'info' });
  harness = await startHarness({ env: secretEnv({ CRM_KEY: SECRET_KEY }), worker: { logger, metrics } });
});
afterAll(async () => {
  await harness?.close();
  await new Promise<void>((r) => crm.close(() => r()));
});

it('no credential in attempt records, result, history, logs or metrics: query keys, secret headers, response cookies', async () => {
  const started = await harness.client.startDelivery(
    {
      name: 'Redaction CRM',
      url: `${crmUrl}/leads?api_key=${LITERAL_KEY}&token=\${CRM_KEY}&page=1`,
      allow_insecure_http: true,
      headers: { 'X-API-Key': '${CRM_KEY}', Cookie: 'session=${CRM_KEY}' },
      timeout: 10_000,
    },
    { id: `redact-${randomUUID()}`, email: 'r@example.com' },
  );
  const result = await started.result();
  expect(result.outcome).toBe('success');
  expect(result.attempts[0]!.url).toBe(`${crmUrl}/leads?api_key=[redacted]&token=[redacted]&page=1`);
  expect(result.response?.headers['set-cookie']).toBe('[redacted]');
  expect(result.response?.headers.authorization).toBe('[redacted]');

  const record = JSON.stringify(result);
  const history = JSON.stringify(await started.handle.fetchHistory());
  const logs = logLines.join('\n');
  const metricsText = await metrics.registry.metrics();
  for (const text of [record, logs, metricsText]) {
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(LITERAL_KEY);
    expect(text).not.toContain(RESPONSE_COOKIE);
  }
  // The literal key is part of the destination config as written (use ${SECRET} references!), but
  // secret values and response cookies never enter the history.
  expect(history).not.toContain(SECRET_KEY);
  expect(history).not.toContain(Buffer.from(SECRET_KEY).toString('base64'));
  expect(history).not.toContain(RESPONSE_COOKIE);
  expect(logs).toContain('api_key=[redacted]');
});
