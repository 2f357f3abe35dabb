import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import { OUTCOME_KEY } from '../../src/shared/search-attributes.js';
import { detailsMatching, summariesInHistory, workflowMetadata } from '../helpers/user-metadata.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';

const { harness, receiver } = useHarnessAndReceiver();

let n = 0;
const unique = (name: string) => `${name}-${Date.now()}-${++n}`;

function destination(path: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return { name: unique('Metadata CRM'), url: `${receiver.url}${path}`, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 2, delay: 20 }, ...extra };
}

const until = (deliveryId: string, done: (s: DeliveryStatus) => boolean): Promise<DeliveryStatus> => statusWhen(harness.client, deliveryId, done);

describe('what the Web UI shows of a delivery (user metadata)', () => {

  it('a lead with a very long id is delivered, and its list summary stays within the 200 bytes Temporal keeps', async () => {
    const d = destination('/leads');
    const lead = { id: `${unique('lead')}-${'é'.repeat(150)}`, email: 'long.id@example.com' };
    const result = await harness.client.deliver(d, lead);
    expect(result.outcome).toBe('success');
    const summary = (await (await harness.client.handle(result.deliveryId).describe()).staticSummary()) ?? '';
    expect(summary.startsWith(`${d.name} · lead ${lead.id.slice(0, 20)}`)).toBe(true);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(200);
  });
  it('a delivered lead: current details say delivered, with the status; the send is summarised by method, URL and attempt', async () => {
    const d = destination('/leads?api_key=k3y-in-url');
    const lead = { id: unique('lead'), email: 'private.person@example.com', phone: '+15550100' };
    const result = await harness.client.deliver(d, lead);
    expect(result.outcome).toBe('success');
    const handle = harness.client.handle(result.deliveryId);
    const meta = await workflowMetadata(handle);
    expect(meta.currentDetails).toBe(`Delivered to ${d.name} (HTTP 200, 1 attempt): Accepted with HTTP 200.`);
    expect(await (await handle.describe()).staticDetails()).toMatch(new RegExp(`^Delivers lead \`${lead.id}\` to ${d.name}: POST ${receiver.url}/leads\\.\n`));
    const summaries = await summariesInHistory(harness.temporal, handle);
    // A first attempt accepted at once is one local activity in the first workflow task (issue 14): its marker carries the summary.
    expect(summaries).toContainEqual({ type: 'EVENT_TYPE_MARKER_RECORDED', summary: `POST ${receiver.url}/leads, attempt 1` });
    // Neither the lead's data nor the URL's key is in any of it.
    const all = JSON.stringify([meta, summaries]);
    for (const secret of ['private.person', '5550100', 'k3y-in-url']) expect(all).not.toContain(secret);
  });

  it('a rejected lead: current details say rejected, by whom, with the status and the reason', async () => {
    const d = destination('/status/422');
    const result = await harness.client.deliver(d, { id: unique('lead') });
    expect(result.outcome).toBe('failure');
    const details = (await workflowMetadata(harness.client.handle(result.deliveryId))).currentDetails;
    expect(details).toMatch(new RegExp(`^Rejected by ${d.name} \\(HTTP 422, 1 attempt\\): The destination answered HTTP 422`));
  });

  it('a delivery waiting to retry: says which attempt comes when, and how to retry now; the timer says it too', async () => {
    const d = destination('/status/503', { retry: { max_attempts: 3, delay: 600_000 } });
    const started = await harness.client.startDelivery(d, { id: unique('lead') });
    await until(started.deliveryId, (s) => s.state === 'waiting-to-retry');
    const details = await detailsMatching(started.handle, /^Waiting/);
    expect(details).toMatch(/^Waiting 10 min before attempt 2 of 3 \(at \d\d:\d\d(:\d\d)? UTC\)\. Last attempt: HTTP 503, /);
    expect(details).toContain(`\`leadwire retry ${started.deliveryId}\``);
    expect(await summariesInHistory(harness.temporal, started.handle)).toContainEqual({ type: 'EVENT_TYPE_TIMER_STARTED', summary: 'attempt 2 of 3 in 10 min' });
    // The list's LeadwireOutcome column says it too.
    expect((await started.handle.describe()).typedSearchAttributes.get(OUTCOME_KEY)).toBe('retrying');
    await harness.client.abandon(started.deliveryId, 'test over');
    await started.result();
  });

  it('a parked delivery: says what happened, since when, until when and what to do; handlers are described; the end says the outcome', async () => {
    const d = destination('/status/503');
    const started = await harness.client.startDelivery(d, { id: unique('lead') });
    await until(started.deliveryId, (s) => s.parked);
    const details = await detailsMatching(started.handle, /^Parked/);
    expect(details).toMatch(/^Parked since \d\d:\d\d(:\d\d)? UTC: HTTP 503 after 2 attempts \(last: The destination answered HTTP 503/);
    expect(details).toMatch(/Waiting for an operator until \d{4}-\d\d-\d\d \d\d:\d\d UTC; if nobody acts, it ends as not delivered\./);
    expect(details).toContain(`update or signal \`retry\` with \`{}\``);
    expect(details).toContain(`\`leadwire retry ${started.deliveryId}\``);
    expect(details).toContain(`signal \`giveUp\` with \`{"reason": "..."}\``);
    expect(details).toContain(`\`leadwire abandon ${started.deliveryId} --reason "..."\``);

    const summaries = (await summariesInHistory(harness.temporal, started.handle)).map((s) => s.summary);
    expect(summaries).toEqual(expect.arrayContaining([`POST ${receiver.url}/status/503, attempt 1`, 'attempt 2 of 2 in 20 ms', `POST ${receiver.url}/status/503, attempt 2`]));
    expect(summaries.some((s) => /^park window: waiting for an operator until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/.test(s))).toBe(true);

    const { definition } = await workflowMetadata(started.handle);
    const described = (defs: { name: string; description?: string }[] = []) => Object.fromEntries(defs.map((x) => [x.name, x.description ?? '']));
    expect(described(definition?.signalDefinitions)).toMatchObject({ retry: expect.stringMatching(/^Retry now/), giveUp: expect.stringMatching(/^Give up/) });
    expect(described(definition?.queryDefinitions)).toMatchObject({ status: expect.stringMatching(/^Live status/) });

    await harness.client.abandon(started.deliveryId, 'the buyer is down for the week');
    const result = await started.result();
    expect((await workflowMetadata(started.handle)).currentDetails).toBe(`Not delivered to ${d.name} (HTTP 503, 2 attempts): ${result.reason.replace(/\.$/, '')}.`);
    expect(result.reason).toMatch(/^Given up by an operator: the buyer is down for the week/);
  });

  it('a batch: its workflow says how it ended, and its send names the batch', async () => {
    const d = destination('/leads', { batch: { size: 2, timeout: 600_000 } });
    const started = await harness.client.startDeliveries(d, [{ id: unique('lead') }, { id: unique('lead') }]);
    const results = await Promise.all(started.map((s) => s.result()));
    const batch = harness.client.handle(results[0]!.batchId!);
    expect((await workflowMetadata(batch)).currentDetails).toBe(`Delivered to ${d.name} (HTTP 200, 1 attempt): Accepted: 2 leads.`);
    expect((await summariesInHistory(harness.temporal, batch)).map((s) => s.summary)).toContain(`POST ${receiver.url}/leads, attempt 1, batch of 2`);
  });
});
