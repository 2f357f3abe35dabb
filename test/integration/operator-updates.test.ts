import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { parseFlow } from '../../src/config/load-flow.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import type { CapLedger } from '../../src/core/flows/cap-ledger.js';
import { capWorkflowIdFor } from '../../src/core/flows/flow-ids.js';
import { capLedgerQuery } from '../../src/shared/flow-messages.js';
import { ConfigError } from '../../src/core/errors/config-error.js';
import { createLeadwireClient } from '../../src/client/index.js';
import { createIntakeApp } from '../../src/intake/intake-app.js';
import { retrySignal } from '../../src/shared/messages.js';
import { giveUpUpdate, retryUpdate } from '../../src/shared/operator-updates.js';
import { runCli } from '../helpers/run-cli.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';
import { until, waitFor } from '../helpers/eventually.js';

const { harness, receiver } = useHarnessAndReceiver({ clearEachTest: false });

let n = 0;
const unique = (name: string) => `${name}-${Date.now()}-${++n}`;
const destination = (path: string): DestinationInput => ({
  name: unique('Update CRM'),
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 10_000,
  retry: { max_attempts: 2, delay: 20 },
});
/** Wrong in two places: `url` is not http(s), `retry.max_attempts` is not a positive integer. */
const invalid = (name: string) => ({ name, url: 'ftp://crm.example.com/leads', retry: { max_attempts: 0 } });

async function parkedDelivery(): Promise<{ deliveryId: string }> {
  const started = await harness.client.startDelivery(destination('/status/503'), { id: unique('lead') });
  await statusWhen(harness.client, started.deliveryId, (s) => s.parked);
  return started;
}

const KEY = 'update-key';
let app: FastifyInstance;
let base: string;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadwire-updates-'));
  const crm = parseDestination({ name: 'Update Intake CRM', url: `${receiver.url}/leads`, allow_insecure_http: true });
  app = createIntakeApp({ client: harness.client, destinations: new Map([['crm', crm]]), apiKeys: [KEY], allowRetryConfig: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
});
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });

describe('operator actions as validated updates', () => {
  it('the workflow refuses a malformed corrected destination at once, by path, and stays parked', async () => {
    const { deliveryId } = await parkedDelivery();
    const handle = harness.temporal.workflow.getHandle(deliveryId);
    const refused = await handle.executeUpdate(retryUpdate, { args: [{ destination: invalid('x') as never }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause as Error & { type?: string };
    expect(cause.type).toBe('CONFIG_INVALID');
    expect(cause.message).toMatch(/url: /);
    expect(cause.message).toMatch(/retry\.max_attempts: /);
    expect((await harness.client.status(deliveryId)).parked).toBe(true);
    // A refused update leaves no trace in history.
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
    // The Web UI's update dialog lists both, with what each does.
    const metadata = (await handle.query('__temporal_workflow_metadata')) as { definition?: { updateDefinitions?: { name: string; description?: string }[] } };
    const updates = metadata.definition?.updateDefinitions ?? [];
    expect(updates.map((u) => u.name).sort()).toEqual(['giveUp', 'retry']);
    expect(updates.every((u) => (u.description ?? '').length > 20)).toBe(true);
    const noReason = await handle.executeUpdate(giveUpUpdate, { args: [{ reason: '  ' }] }).catch((e: unknown) => e);
    expect((noReason as WorkflowUpdateFailedError).cause?.message).toMatch(/reason/);
    await harness.client.abandon(deliveryId, 'test over');
  });

  it('the client API answers with what happens now, and refuses an invalid corrected config with the paths of leadwire validate', async () => {
    const { deliveryId } = await parkedDelivery();
    const refused = await harness.client.retry(deliveryId, { destination: invalid('y') as DestinationInput }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['url', 'retry.max_attempts']));
    const answer = await harness.client.retry(deliveryId, { destination: destination('/leads'), requestedBy: 'test' });
    expect(answer).toMatchObject({ deliveryId, action: 'retry-with-new-config', state: 'parked', attempts: 2 });
    expect(answer.message).toMatch(/attempt 3/);
    expect((await harness.client.result(deliveryId)).outcome).toBe('success');
  });

  it('an action on a delivery that has ended says how it ended and what to do', async () => {
    const { deliveryId } = await parkedDelivery();
    const gaveUp = await harness.client.abandon(deliveryId, 'buyer closed');
    expect(gaveUp).toMatchObject({ deliveryId, action: 'give-up', state: 'parked' });
    expect((await harness.client.result(deliveryId)).outcome).toBe('error');
    const again = await harness.client.retry(deliveryId).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'DELIVERY_ENDED' });
    expect((again as Error).message).toMatch(/has already ended as error/);
    expect((again as Error).message).toMatch(/--delivery-id/);
    await expect(harness.client.abandon(deliveryId, 'twice')).rejects.toMatchObject({ code: 'DELIVERY_ENDED' });
    await expect(harness.client.cancel(deliveryId)).rejects.toMatchObject({ code: 'DELIVERY_ENDED' });
    await expect(harness.client.retry(unique('no-such-delivery'))).rejects.toMatchObject({ code: 'DELIVERY_NOT_FOUND' });
  });

  it('says so when no worker takes the action, instead of waiting forever', async () => {
    const idle = await createLeadwireClient({ client: harness.temporal, taskQueue: unique('no-worker'), operatorActionTimeoutMs: 1500 });
    const started = await idle.startDelivery(destination('/leads'), { id: unique('lead') });
    await expect(idle.retry(started.deliveryId)).rejects.toMatchObject({ code: 'NO_WORKER_ANSWERED', message: expect.stringMatching(/Is a leadwire worker running/) });
    await started.handle.terminate('test over');
  });

  it('the signals keep working for scripts that send them', async () => {
    const { deliveryId } = await parkedDelivery();
    await harness.temporal.workflow.getHandle(deliveryId).signal(retrySignal, { destination: parseDestination(destination('/leads')), requestedBy: 'script' });
    const result = await harness.client.result(deliveryId);
    expect(result.outcome).toBe('success');
    expect(result.operatorActions).toMatchObject([{ action: 'retry-with-new-config', requestedBy: 'script' }]);
  });

  it('bulk retry answers for each delivery', async () => {
    const dest = destination('/leads?fail=2&fail_status=503');
    const started = await Promise.all([1, 2].map(() => harness.client.startDelivery(dest, { id: unique('lead') })));
    for (const s of started) await statusWhen(harness.client, s.deliveryId, (st) => st.parked);
    // retryMany lists through visibility (eventually consistent): each parked delivery is retried once it is listed.
    let answers: Awaited<ReturnType<typeof harness.client.retryMany>> = [];
    await until('both parked deliveries retried in bulk', async () => {
      answers = answers.concat(await harness.client.retryMany({ destination: dest.name }));
      return answers.length >= 2;
    });
    expect(new Set(answers.map((a) => a.deliveryId))).toEqual(new Set(started.map((s) => s.deliveryId)));
    expect(answers.every((a) => a.action === 'retry' && /attempt 3/.test(a.message))).toBe(true);
    await expect(harness.client.retryMany({ destination: dest.name }, { destination: invalid('z') as DestinationInput })).rejects.toBeInstanceOf(ConfigError);
  });

  it('a parked batch is retried by its batch id; a lead of it points there', async () => {
    const batched = { ...destination('/status/503'), retry: { max_attempts: 1 }, batch: { size: 1, timeout: 60_000 } };
    const started = await harness.client.startDelivery(batched, { id: unique('lead') });
    // Not found while the lead waits in its batcher and until its batch is indexed: looked up again.
    const status = await waitFor('the batched lead parked', () => harness.client.status(started.deliveryId).catch(() => undefined), (s) => Boolean(s?.parked));
    const batchId = status!.batch!.batchId!;
    await expect(harness.client.retry(started.deliveryId)).rejects.toMatchObject({ code: 'BATCHED_LEAD', message: expect.stringContaining(`leadwire retry ${batchId}`) });
    const viaApi = await post(`/v1/deliveries/${started.deliveryId}/retry`, {});
    expect(viaApi.status).toBe(409);
    expect((await viaApi.json()).error.code).toBe('BATCHED_LEAD');
    const answer = await harness.client.retry(batchId, { destination: { ...batched, url: `${receiver.url}/bulk` } });
    expect(answer).toMatchObject({ deliveryId: batchId, action: 'retry-with-new-config', state: 'parked', attempts: 1 });
    expect((await harness.client.result(started.deliveryId)).outcome).toBe('success');
  });

  it('the intake API refuses an invalid corrected config with the issues by path, and answers a valid one', async () => {
    const { deliveryId } = await parkedDelivery();
    const refused = await post(`/v1/deliveries/${deliveryId}/retry`, { destination: invalid('w') });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.error.code).toBe('CONFIG_INVALID');
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['url', 'retry.max_attempts']));
    const retried = await post(`/v1/deliveries/${deliveryId}/retry`, { destination: destination('/leads'), requestedBy: 'api' });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ deliveryId, requested: 'retry', action: 'retry-with-new-config', message: expect.stringMatching(/attempt 3/) });
    expect((await harness.client.result(deliveryId)).outcome).toBe('success');
    const ended = await post(`/v1/deliveries/${deliveryId}/abandon`, { reason: 'late' });
    expect(ended.status).toBe(409);
    expect((await ended.json()).error).toMatchObject({ code: 'DELIVERY_ENDED', message: expect.stringMatching(/has already ended as success/) });
  });

  it('the intake API takes a corrected config only when the server allows it', async () => {
    const closed = createIntakeApp({ client: harness.client, destinations: new Map(), apiKeys: [KEY] });
    const answer = await closed.inject({ method: 'POST', url: '/v1/deliveries/any/retry', headers: { authorization: `Bearer ${KEY}` }, payload: { destination: destination('/leads') } });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.code).toBe('RETRY_CONFIG_NOT_ALLOWED');
    await closed.close();
  });

  it('the CLI prints the answer, and refuses an invalid corrected config file by path', async () => {
    const { deliveryId } = await parkedDelivery();
    const conn = ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'name: Fixed CRM\nurl: ftp://crm.example.com/leads\nretry:\n  max_attempts: 0\n');
    const refused = await runCli(['retry', deliveryId, '--config', bad, ...conn]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/url: /);
    expect(refused.stderr).toMatch(/retry\.max_attempts: /);
    const good = join(dir, 'good.yaml');
    await writeFile(good, `name: Fixed CRM\nurl: ${receiver.url}/leads\nallow_insecure_http: true\n`);
    const retried = await runCli(['retry', deliveryId, '--config', good, ...conn]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(new RegExp(`${deliveryId}: .*attempt 3`));
    expect((await harness.client.result(deliveryId)).outcome).toBe('success');
    const ended = await runCli(['abandon', deliveryId, '--reason', 'late', ...conn]);
    expect(ended.code).toBe(1);
    expect(ended.stderr).toMatch(/has already ended as success/);
  });
  it('acts only on deliveries and batches: a buyer\'s caps and a distribution are refused by the client, the CLI and bulk retry, and left as they were', async () => {
    const buyer = unique('capped');
    const flow = await parseFlow({ name: unique('scope'), strategy: 'in_order', buyers: [{ name: buyer, caps: { per_day: 3 }, destination: destination('/leads') }] });
    const sold = await harness.client.distribute(flow, { id: unique('lead') });
    expect(sold.outcome).toBe('sold');
    const capId = capWorkflowIdFor(buyer);
    for (const action of [() => harness.client.cancel(capId), () => harness.client.retry(capId), () => harness.client.abandon(capId, 'reset'), () => harness.client.status(capId)]) {
      await expect(action()).rejects.toMatchObject({ code: 'NOT_A_DELIVERY', message: expect.stringContaining("ids shaped cap:… belong to a buyer's caps") });
    }
    await expect(harness.client.cancel(sold.distributionId)).rejects.toMatchObject({ code: 'NOT_A_DELIVERY', message: expect.stringContaining("flow's distribution") });
    // A raw query that reaches past deliveries (`... ) OR (...`) still retries deliveries only.
    const { deliveryId } = await parkedDelivery();
    const reaching = { query: `WorkflowId = "${deliveryId}") OR (WorkflowId = "${capId}"` };
    // Visibility is eventually consistent: wait until the parked delivery is listed.
    const answers = await waitFor('the parked delivery listed and retried', () => harness.client.retryMany(reaching), (a) => a.length > 0);
    expect(answers.map((a) => a.deliveryId)).toEqual([deliveryId]);
    // Starting a delivery under the id of a workflow of another kind is refused, never answered as a duplicate.
    await expect(harness.client.startDelivery(destination('/leads'), { id: unique('lead') }, { deliveryId: sold.distributionId })).rejects.toMatchObject({ code: 'ID_TAKEN' });
    await expect(harness.client.startDelivery(destination('/leads'), { id: unique('lead') }, { deliveryId: capId })).rejects.toMatchObject({ code: 'ID_RESERVED' });
    const cli = await runCli(['cancel', capId, '--address', inject('temporalAddress'), '--task-queue', harness.taskQueue]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/is not a delivery/);
    expect((await harness.temporal.workflow.getHandle(capId).describe()).status.name).toBe('RUNNING');
    expect(((await harness.temporal.workflow.getHandle(capId).query(capLedgerQuery)) as CapLedger).counts).not.toEqual({});
  });
});
