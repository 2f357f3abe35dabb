import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities/create-activities.js';
import type { CapCall } from '../../src/contract/activity-messages.js';
import { createLeadwireClient, type LeadwireClient } from '../../src/client/index.js';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { FlowInput } from '../../src/config/flow-schema.js';
import { parseFlow } from '../../src/config/load-flow.js';
import type { CapLedger } from '../../src/core/flows/cap-ledger.js';
import { distributionIdFor } from '../../src/core/flows/distribution-id.js';
import { capWorkflowIdFor, childDeliveryIdFor } from '../../src/core/flows/flow-ids.js';
import { LOOPBACK_ALLOW_LIST } from '../../src/core/network/network-allow-list.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import { deliverySinks } from '../../src/metrics/delivery-sinks.js';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { sharedSandbox } from '../../src/sandbox/evaluator.js';
import { capLedgerQuery } from '../../src/shared/flow-messages.js';
import { installRuntime } from '../../src/temporal/install-runtime.js';

/**
 * The cap ledger when the buyer's cap workflow does not answer for a while: the real
 * activities against a real server, each cap call made to fail its first tries the way an
 * unreachable cap workflow fails them (an outage longer than the old five attempts).
 */
const failFirst = new Map<string, number>();
const tries = new Map<string, number>();
type CapActivity = (call: CapCall) => Promise<unknown>;
const outage =
  <A extends CapActivity>(name: string, real: A): A =>
  (async (call: CapCall) => {
    const key = `${name}:${call.buyer}`;
    tries.set(key, (tries.get(key) ?? 0) + 1);
    const left = failFirst.get(key) ?? 0;
    if (left > 0) {
      failFirst.set(key, left - 1);
      throw ApplicationFailure.create({ message: `cap workflow of ${call.buyer} did not answer (test outage)`, nextRetryDelay: '20 ms' });
    }
    return real(call);
  }) as A;

let receiver: Receiver;
let worker: Worker;
let running: Promise<void>;
let nativeConnection: NativeConnection;
let connection: Connection;
let temporal: Client;
let client: LeadwireClient;
let http: ReturnType<typeof createHttpSender>;

beforeAll(async () => {
  receiver = await startReceiver();
  installRuntime();
  const address = inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  nativeConnection = await NativeConnection.connect({ address });
  http = createHttpSender({ allow: LOOPBACK_ALLOW_LIST });
  const real = createActivities({ http, env: {}, evaluator: sharedSandbox().evaluator });
  worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {
      ...real,
      capHasRoom: outage('capHasRoom', real.capHasRoom),
      confirmCap: outage('confirmCap', real.confirmCap),
      releaseCap: outage('releaseCap', real.releaseCap),
    },
    sinks: deliverySinks(undefined, undefined),
  });
  running = worker.run();
  connection = await Connection.connect({ address });
  temporal = new Client({ connection });
  client = await createLeadwireClient({ client: temporal, taskQueue });
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  http?.close();
  await connection?.close();
  await nativeConnection?.close();
  await receiver?.close();
});
beforeEach(() => receiver.clear());

const t = () => randomUUID().slice(0, 8);
const post = (name: string, path: string): DestinationInput => ({ name, url: `${receiver.url}${path}`, allow_insecure_http: true, retry: { max_attempts: 1 } });
const ledgerOf = (buyer: string) => temporal.workflow.getHandle(capWorkflowIdFor(buyer)).query(capLedgerQuery) as Promise<CapLedger>;

describe('a cap ledger that does not drift', () => {
  it('a release that fails for a while is retried until it lands: the rejected lead gives its place back', async () => {
    const id = t();
    const buyer = `r-${id}`;
    const flow = (path: string) => parseFlow({ name: `rel-${id}`, strategy: 'in_order', buyers: [{ name: buyer, destination: post(`R ${id}`, `${path}?buyer=${buyer}`), caps: { per_hour: 1 } }] } satisfies FlowInput);
    failFirst.set(`releaseCap:${buyer}`, 6);
    const rejected = await client.distribute(await flow('/status/400'), { id: `rel-${id}-1` });
    expect(rejected.outcome).toBe('unsold');
    expect(tries.get(`releaseCap:${buyer}`)).toBe(7);
    const next = await client.distribute(await flow('/leads'), { id: `rel-${id}-2` });
    expect(next.winner).toBe(buyer);
  });

  it('a confirm that fails for a while is retried until it lands: the sale is in the ledger as sold', async () => {
    const id = t();
    const buyer = `c-${id}`;
    const flow = await parseFlow({ name: `conf-${id}`, strategy: 'in_order', buyers: [{ name: buyer, destination: post(`C ${id}`, `/leads?buyer=${buyer}`), caps: { per_day: 5 } }] } satisfies FlowInput);
    failFirst.set(`confirmCap:${buyer}`, 6);
    const sold = await client.distribute(flow, { id: `conf-${id}` });
    expect(sold.winner).toBe(buyer);
    expect(tries.get(`confirmCap:${buyer}`)).toBe(7);
    const postId = childDeliveryIdFor(distributionIdFor(flow.name, `conf-${id}`), buyer, 'post');
    expect((await ledgerOf(buyer)).reservations[postId]?.state).toBe('confirmed');
  });

  it('a cap check that errors leaves the buyer out (fails closed) instead of pinging it as if it had room', async () => {
    const id = t();
    const capped = `a-${id}`;
    const flow = await parseFlow({
      name: `check-${id}`,
      strategy: 'ping_post',
      // B answers, and the auction closes at its answer: a slow machine cannot make it late.
      ping_timeout: 120_000,
      buyers: [
        { name: capped, ping: { ...post(`A ping ${id}`, `/ping?bid=50&buyer=${capped}`), price: 'bid' }, destination: post(`A ${id}`, `/leads?buyer=${capped}`), caps: { per_day: 1 } },
        { name: `b-${id}`, ping: { ...post(`B ping ${id}`, `/ping?bid=5&buyer=b-${id}`), price: 'bid' }, destination: post(`B ${id}`, `/leads?buyer=b-${id}`) },
      ],
    } satisfies FlowInput);
    failFirst.set(`capHasRoom:${capped}`, 1000);
    const result = await client.distribute(flow, { id: `check-${id}` });
    expect(result.winner).toBe(`b-${id}`);
    expect(result.buyers[0]).toMatchObject({ eligible: false, sold: false, skipped: 'caps could not be checked (its cap workflow did not answer), so it was not pinged' });
    expect(result.buyers[0]!.ping).toBeUndefined();
    expect(receiver.requests.filter((r) => r.url.includes(`buyer=${capped}`))).toHaveLength(0);
  });
});
