import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { parseDestination } from '../../src/config/parse-destination.js';
import type { DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import { fetchOAuthToken } from '../../src/http/fetch-oauth-token.js';
import { createHttpSender } from '../../src/http/send-http-request.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import type { DeliverLeadInput } from '../../src/shared/delivery-input.js';
import { retrySignal } from '../../src/shared/messages.js';
import { retryUpdate } from '../../src/shared/operator-updates.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';
import { until } from '../helpers/eventually.js';

/*
 * Issue 20, item 6: what reaches a workflow without validation fails closed. A destination that
 * lacks `allow_insecure_http` (recorded before the option existed, or sent by hand to Temporal)
 * never sends over plain http://, and a corrected destination sent straight to the workflow
 * (`temporal workflow update` / `signal`, the Web UI) gets the full validation of `leadwire validate`.
 */

const { harness, receiver } = useHarnessAndReceiver({ clearEachTest: false });

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const base = (name: string, path: string): DestinationInput => ({ name, url: `${receiver.url}${path}`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 1 } });

/** A parsed destination without `allow_insecure_http`: as a history recorded before the option existed holds it, or as someone writes it by hand. */
function withoutInsecureFlag(input: DestinationInput): Record<string, unknown> {
  const { allow_insecure_http: _dropped, ...rest } = parseDestination(input);
  return rest;
}

const requestsTo = (path: string) => receiver.requests.filter((r) => r.url.startsWith(path));

async function statusOf(deliveryId: string): Promise<DeliveryStatus> {
  return harness.client.status(deliveryId);
}

async function parkedDelivery(): Promise<string> {
  const name = unique('Fail Closed CRM');
  const started = await harness.client.startDelivery({ ...base(name, '/status/503'), park: { window: 600_000 } }, { id: unique('lead') });
  await statusWhen(harness.client, started.deliveryId, (s) => s.parked);
  return started.deliveryId;
}

/** Waits until the workflow has recorded a local activity's result after its last signal (the validation's): the signal handler has decided by then. */
async function signalHandled(deliveryId: string): Promise<void> {
  const handle = harness.temporal.workflow.getHandle(deliveryId);
  await until('the signal handled', async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    const signaled = events.map((e) => Boolean(e.workflowExecutionSignaledEventAttributes)).lastIndexOf(true);
    return signaled >= 0 && events.slice(signaled).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  }, undefined, 50);
}

describe('a destination without allow_insecure_http never sends over plain http', () => {
  it('a hand-made workflow input (as `temporal workflow start` sends it) is refused at send time with INSECURE_HTTP', async () => {
    const name = unique('Hand Made CRM');
    const path = `/leads/${name}`;
    const input = { destination: withoutInsecureFlag({ ...base(name, path), park: { window: 0 } }), lead: { id: 'h-1', email: 'h@example.com' }, deliveryId: unique('hand-made'), leadId: 'h-1' };
    const result = await harness.temporal.workflow.execute<(i: DeliverLeadInput) => Promise<DeliveryResult>>('deliverLead', {
      taskQueue: harness.taskQueue,
      workflowId: input.deliveryId,
      args: [input as unknown as DeliverLeadInput],
    });
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('INSECURE_HTTP');
    expect(result.reason).toContain('allow_insecure_http');
    expect(requestsTo(path)).toHaveLength(0);
  });

  it('the HTTP sender and the OAuth2 token fetch refuse http:// unless told otherwise', async () => {
    const http = createHttpSender({ allow: { cidrs: ['127.0.0.0/8'] } });
    const url = `${receiver.url}/leads/sender-default`;
    try {
      expect(await http({ method: 'POST', url, headers: {}, body: '{}' }, { timeoutMs: 2000, displayUrl: url })).toMatchObject({ kind: 'network-error', code: 'INSECURE_HTTP' });
      await expect(fetchOAuthToken({ tokenUrl: `${receiver.url}/token`, clientId: 'c', clientSecret: 's', clientAuth: 'basic' }, 2000, Date.now, http.agents)).rejects.toMatchObject({
        code: 'INSECURE_HTTP',
      });
    } finally {
      http.close();
    }
    expect(requestsTo('/leads/sender-default')).toHaveLength(0);
    expect(requestsTo('/token')).toHaveLength(0);
  });
});

describe('a corrected destination sent straight to the workflow gets the full validation', () => {
  it('`temporal workflow update retry` with an http:// destination that lacks allow_insecure_http is refused with CONFIG_INVALID, and the delivery stays parked', async () => {
    const deliveryId = await parkedDelivery();
    const before = (await statusOf(deliveryId)).attempts.length;
    const path = `/leads/${deliveryId}`;
    const corrected = withoutInsecureFlag(base(unique('Corrected CRM'), path));
    const handle = harness.temporal.workflow.getHandle(deliveryId);
    const refused = await handle.executeUpdate(retryUpdate, { args: [{ destination: corrected as never }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause as Error & { type?: string };
    expect(cause.type).toBe('CONFIG_INVALID');
    expect(cause.message).toMatch(/url: expected an https:\/\/ URL/);
    expect(cause.message).toContain('allow_insecure_http');
    const status = await statusOf(deliveryId);
    expect(status.parked).toBe(true);
    expect(status.attempts).toHaveLength(before);
    expect(requestsTo(path)).toHaveLength(0);

    // What the shallow in-workflow check cannot see is refused too, by path: a header with a line break.
    const injected = { ...parseDestination(base(unique('Corrected CRM'), path)), headers: { 'X-Note': 'a\r\nX-Injected: 1' } };
    const second = await handle.executeUpdate(retryUpdate, { args: [{ destination: injected }] }).catch((e: unknown) => e);
    expect(((second as WorkflowUpdateFailedError).cause as Error & { type?: string }).type).toBe('CONFIG_INVALID');
    expect((second as WorkflowUpdateFailedError).cause?.message).toMatch(/headers\.X-Note: .*line break/);
    expect((await statusOf(deliveryId)).parked).toBe(true);

    // A valid corrected destination is still taken.
    const answer = await handle.executeUpdate(retryUpdate, { args: [{ destination: parseDestination(base(unique('Corrected CRM'), path)) }] });
    expect(answer.action).toBe('retry-with-new-config');
    expect((await harness.client.handle(deliveryId).result()).outcome).toBe('success');
    expect(requestsTo(path)).toHaveLength(1);
  });

  it('`temporal workflow signal retry` with such a destination is not taken either', async () => {
    const deliveryId = await parkedDelivery();
    const before = (await statusOf(deliveryId)).attempts.length;
    const path = `/leads/${deliveryId}`;
    const handle = harness.temporal.workflow.getHandle(deliveryId);
    await handle.signal(retrySignal, { destination: withoutInsecureFlag(base(unique('Signalled CRM'), path)) as never });
    await signalHandled(deliveryId);
    const status = await statusOf(deliveryId);
    expect(status.parked).toBe(true);
    expect(status.attempts).toHaveLength(before);
    expect(requestsTo(path)).toHaveLength(0);
    await harness.client.abandon(deliveryId, 'test over');
  });
});
