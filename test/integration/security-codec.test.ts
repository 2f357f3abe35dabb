import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createLeadwireClient } from '../../src/client/index.js';
import type { CodecKeys } from '../../src/codec/codec-keys.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';
import { createLeadwireWorker } from '../../src/worker.js';
import { dumpClusterDatabases } from '../../scripts/cluster/cluster.js';
import { LOOPBACK } from '../helpers/temporal-harness.js';
import { onCluster } from '../helpers/temporal-target.js';

let dir: string;
let dbFile: string;
let server: DevServer | undefined;
let address: string;
let receiver: Receiver;
// On the project's cluster the database is its PostgreSQL, read with pg_dump; on the dev
// server, a dev server of this test's own keeps history in a SQLite file the test can read.
const cluster = onCluster();

beforeAll(async () => {
  if (cluster) address = inject('temporalAddress');
  else {
    dir = mkdtempSync(join(tmpdir(), 'leadwire-codec-'));
    dbFile = join(dir, 'temporal.db');
    server = await startDevServer({ port: 0, headless: true, dbFile });
    address = server.address;
  }
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Delivers one lead through a worker and client that use `codecKeys` (null: no codec). */
async function deliverWith(codecKeys: CodecKeys | null, email: string) {
  installRuntime();
  const taskQueue = `codec-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await createLeadwireWorker({ connection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, network: { allow: LOOPBACK }, codecKeys });
  const running = worker.run();
  const client = await createLeadwireClient({ address, taskQueue, codecKeys });
  try {
    const destination = { name: 'Codec CRM', url: `${receiver.url}/leads`, allow_insecure_http: true, timeout: 10_000, body: { format: 'json' as const, mapping: { email: 'email' } } };
    return await client.deliver(destination, { id: `codec-${randomUUID()}`, email });
  } finally {
    await client.close();
    worker.worker.shutdown();
    await running;
    await connection.close();
  }
}

/** Everything Temporal's database holds. Stopping the dev server flushes SQLite; its file and any write-ahead log are read. */
async function databaseBytes(): Promise<Buffer> {
  if (cluster) return Buffer.from(await dumpClusterDatabases());
  await server!.stop();
  server = undefined;
  return Buffer.concat([dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

/** Whether `text` is in the database: as bytes (SQLite, text columns) or as pg_dump's hex of a bytea column. */
function stored(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text)) || bytes.includes(Buffer.from(Buffer.from(text).toString('hex')));
}

it('with LEADWIRE_CODEC_KEYS, no plaintext lead field reaches Temporal’s database; without, it does', async () => {
  const keys: CodecKeys = { currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) };
  const secretEmail = `encrypted-${randomUUID()}@example.com`;
  const plainEmail = `plain-${randomUUID()}@example.com`;

  const encrypted = await deliverWith(keys, secretEmail);
  // The round trip: the client decodes what the worker encoded.
  expect(encrypted.outcome).toBe('success');
  expect(receiver.requests.at(-1)!.body).toContain(secretEmail);

  const control = await deliverWith(null, plainEmail);
  expect(control.outcome).toBe('success');

  const bytes = await databaseBytes();
  expect(stored(bytes, plainEmail)).toBe(true);
  expect(stored(bytes, secretEmail)).toBe(false);
});
