import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/create-activities.js';
import { loadSecretStore } from '../../src/config/load-secrets-file.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import type { SendResult } from '../../src/core/delivery/send-result.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { deadUrl, startRawServer, type RawServer } from '../helpers/request-servers.js';
import { deliveryPlanFrom } from '../../src/config/delivery-plan-from.js';
import { sendPlanOf } from '../../src/contract/delivery-plan.js';
import { CONTRACT_VERSION as v } from '../../src/contract/version.js';

/*
 * Every credential made from a secret inherits the secret's host scope: an OAuth2 access token,
 * an HMAC signature, a Standard Webhooks signature and a `$hash` value. The secrets file grants
 * each secret to 127.0.0.1 only (the buyer's hosts); `localhost` plays another host
 * (evil.example): a different host name, so no grant for 127.0.0.1 covers it.
 */

const VALUES = {
  ACME_CLIENT_SECRET: `acme-client-${randomUUID()}`,
  SIGN_KEY: `sign-${randomUUID()}`,
  WEBHOOK_KEY: `whsec_${randomBytes(24).toString('base64')}`,
  HASH_KEY: `hash-${randomUUID()}`,
  BOTH_HOSTS: `both-${randomUUID()}`,
  FREE: `free-${randomUUID()}`,
};
const TOKEN = `acme-token-${randomUUID()}`;

let dir: string;
let tokenServer: RawServer;
let acme: Receiver;
let evil: Receiver;
let evilUrl: string;
let activities: ReturnType<typeof createActivities>;
let http: ReturnType<typeof createHttpSender>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadwire-derived-'));
  const grant = (name: string, hosts: string) => [`  ${name}:`, `    from_env: ${name}_VAR`, `    hosts: [${hosts}]`];
  await writeFile(
    join(dir, 'secrets.yaml'),
    ['secrets:', ...grant('ACME_CLIENT_SECRET', '127.0.0.1'), ...grant('SIGN_KEY', '127.0.0.1'), ...grant('WEBHOOK_KEY', '127.0.0.1'), ...grant('HASH_KEY', '127.0.0.1'), ...grant('BOTH_HOSTS', '127.0.0.1, localhost'), ''].join('\n'),
  );
  [tokenServer, acme, evil] = await Promise.all([startRawServer(() => ({ status: 200, body: { access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 } })), startReceiver(), startReceiver()]);
  evilUrl = `http://localhost:${evil.port}`;
  const env: Record<string, string> = { LEADWIRE_SECRETS_FILE: join(dir, 'secrets.yaml'), LEADWIRE_SECRET_FREE: VALUES.FREE };
  for (const [name, value] of Object.entries(VALUES)) if (name !== 'FREE') env[`${name}_VAR`] = value;
  http = createHttpSender({ allow: { cidrs: ['127.0.0.0/8', '::1'] } });
  activities = createActivities({ http, secrets: loadSecretStore(env) });
});
afterAll(async () => {
  http?.close();
  await Promise.all([tokenServer?.close(), acme?.close(), evil?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  acme.clear();
  evil.clear();
  tokenServer.requests.length = 0;
});

const lead = { id: 'derived-1', email: 'd@example.com' };

/** Sends one lead as the send activity does; a refusal before sending is thrown as an ApplicationFailure. */
async function send(destination: DestinationInput): Promise<SendResult> {
  const parsed = parseDestination({ allow_insecure_http: true, timeout: 10_000, body: { format: 'json', mapping: { email: 'email' } }, ...destination });
  return activities.sendLead({ v, plan: sendPlanOf(deliveryPlanFrom(parsed)), lead, deliveryId: `derived-${randomUUID()}`, now: new Date().toISOString(), attempt: 1 });
}

/** Whatever a server saw, as one string. */
const seenBy = (r: Receiver) => JSON.stringify(r.requests);
function expectNoValueLeft(...texts: string[]) {
  for (const text of texts) for (const v of [...Object.values(VALUES), TOKEN]) expect(text).not.toContain(v);
}

/** Each derived credential: how a destination asks for it, which secret feeds it, and how the granted host can check it independently. */
const KINDS: { kind: string; secret: keyof typeof VALUES; config: Partial<DestinationInput>; check: (r: Receiver['requests'][number]) => void }[] = [
  {
    kind: 'OAuth2 access token',
    secret: 'ACME_CLIENT_SECRET',
    config: { auth: { type: 'oauth2_client_credentials', token_url: '', client_id: 'acme', client_secret: '${ACME_CLIENT_SECRET}' } },
    check: (r) => expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`),
  },
  {
    kind: 'HMAC signature',
    secret: 'SIGN_KEY',
    config: { auth: { type: 'hmac', secret: '${SIGN_KEY}' } },
    check: (r) => expect(r.headers['x-signature']).toBe(createHmac('sha256', VALUES.SIGN_KEY).update(r.body).digest('hex')),
  },
  {
    kind: 'Standard Webhooks signature',
    secret: 'WEBHOOK_KEY',
    config: { auth: { type: 'standard_webhooks', secret: '${WEBHOOK_KEY}' } },
    check: (r) => {
      const key = Buffer.from(VALUES.WEBHOOK_KEY.slice('whsec_'.length), 'base64');
      const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
      expect(r.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
    },
  },
  {
    kind: '$hash value',
    secret: 'HASH_KEY',
    config: { body: { format: 'json', mapping: { email: 'email', verification: { $hash: '${HASH_KEY}' } } } },
    // The guide's sha256(JSON.stringify(lead) + secret), over canonical (sorted-key) JSON.
    check: (r) => expect(JSON.parse(r.body).verification).toBe(createHash('sha256').update(`{"email":"d@example.com","id":"derived-1"}${VALUES.HASH_KEY}`).digest('hex')),
  },
];

/** The kind's config, with the token server filled in. */
const withAuth = (config: Partial<DestinationInput>): Partial<DestinationInput> =>
  config.auth?.type === 'oauth2_client_credentials' ? { ...config, auth: { ...config.auth, token_url: `${tokenServer.url}/token` } } : config;

describe.each(KINDS)('$kind: goes only where $secret may go', ({ secret, config, check }) => {
  it('reaches the granted host, where it checks out', async () => {
    const result = await send({ name: 'Acme CRM', url: `${acme.url}/leads`, ...withAuth(config) });
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(acme.requests).toHaveLength(1);
    check(acme.requests[0]!);
  });

  it('is refused before anything is sent to another host, naming the secret and the host', async () => {
    const refused = await send({ name: 'Acme CRM', url: `${evilUrl}/collect`, ...withAuth(config) }).catch((e: unknown) => e as { type: string; message: string; nonRetryable: boolean });
    expect(refused).toMatchObject({ type: 'SECRET_NOT_GRANTED', nonRetryable: true });
    const { message } = refused as { message: string };
    expect(message).toContain(secret);
    expect(message).toContain('localhost');
    expect(evil.requests).toHaveLength(0);
    // Not even the token request: nothing is fetched that could not be used.
    expect(tokenServer.requests).toHaveLength(0);
    expectNoValueLeft(message);
  });

  it('does not follow a redirect hop to another host', async () => {
    const to = encodeURIComponent(`${evilUrl}/collect`);
    const result = await send({ name: 'Acme CRM', url: `${acme.url}/redirect?status=307&to=${to}`, follow_redirects: true, ...withAuth(config) });
    expect(result).toMatchObject({ kind: 'network-error', code: 'REDIRECT_NOT_GRANTED' });
    const { message } = result as { message: string };
    expect(message).toContain('redirect to localhost');
    expect(message).toContain(secret);
    expect(acme.requests).toHaveLength(1);
    expect(evil.requests).toHaveLength(0);
    expectNoValueLeft(message, seenBy(evil));
  });

  it('is not sent to an endpoint on another host that the request could fail over to', async () => {
    const refused = await send({ name: 'Acme CRM', url: `${await deadUrl()}/leads`, endpoints: [`${evilUrl}/collect`], endpoint_strategy: 'in_order', ...withAuth(config) }).catch(
      (e: unknown) => e as { type: string; message: string },
    );
    expect(refused).toMatchObject({ type: 'SECRET_NOT_GRANTED' });
    expect((refused as { message: string }).message).toContain('localhost');
    expect(evil.requests).toHaveLength(0);
    expect(tokenServer.requests).toHaveLength(0);
  });
});

describe("an OAuth2 token's scope is that of every secret it is obtained with", () => {
  const oauth = (clientId: string, clientSecret: string): Partial<DestinationInput> => ({
    auth: { type: 'oauth2_client_credentials', token_url: `${tokenServer.url}/token`, client_id: clientId, client_secret: clientSecret, client_auth: 'body' },
  });

  it('the intersection of their grants: a client id granted for both hosts does not widen a client secret granted for one', async () => {
    const refused = await send({ name: 'Acme CRM', url: `${evilUrl}/collect`, ...oauth('${BOTH_HOSTS}', '${ACME_CLIENT_SECRET}') }).catch((e: unknown) => e as { type: string; message: string });
    expect(refused).toMatchObject({ type: 'SECRET_NOT_GRANTED', message: expect.stringContaining('ACME_CLIENT_SECRET') });
    expect(evil.requests).toHaveLength(0);

    const wide = await send({ name: 'Acme CRM', url: `${evilUrl}/collect`, ...oauth('acme', '${BOTH_HOSTS}') });
    expect(wide).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(evil.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a route the lead picks is checked like the url', async () => {
    const routed = { url: `${acme.url}/leads`, routes: [{ when: 'email = "d@example.com"', url: `${evilUrl}/collect` }] };
    const refused = await send({ name: 'Acme CRM', ...routed, ...oauth('acme', '${ACME_CLIENT_SECRET}') }).catch((e: unknown) => e as { type: string; message: string });
    expect(refused).toMatchObject({ type: 'SECRET_NOT_GRANTED', message: expect.stringContaining('localhost') });
    expect(evil.requests).toHaveLength(0);
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('a secret granted to every host (LEADWIRE_SECRET_*) adds no limit', async () => {
    const result = await send({ name: 'Acme CRM', url: `${evilUrl}/collect`, ...oauth('acme', '${FREE}') });
    expect(result).toMatchObject({ kind: 'response', response: { status: 200 } });
    expect(evil.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
