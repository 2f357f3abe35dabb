import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteLeadWorkflows } from '../../../src/ledger/erasure/delete-lead-workflows.js';
import { leadIdQuery } from '../../../src/ledger/erasure/lead-id-query.js';
import { eraseLead } from '../../../src/ledger/erasure/erase-lead.js';
import type { Ledger } from '../../../src/ledger/open-ledger.js';
import { deliveryRow } from '../../../src/ledger/records/delivery-row.js';
import { writeDelivery } from '../../../src/ledger/writers/write-delivery.js';
import { searchKeyword } from '../../../src/shared/search-keyword.js';
import { openTestLedger } from '../../helpers/test-ledger.js';
import { useHarnessAndReceiver } from '../../helpers/use-harness-and-receiver.js';

const { harness, receiver } = useHarnessAndReceiver();
let ledger: Ledger;
beforeAll(async () => {
  ledger = await openTestLedger();
}, 180_000);
afterAll(() => ledger?.close());

const destination = (name: string) => ({ name, url: `${receiver.url}/leads`, allow_insecure_http: true, body: { format: 'json' as const, mapping: { email: 'email' } } });

/** Polls until `check` holds: visibility and deletion are eventually consistent. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const listed = async (leadId: string) => {
  const ids: string[] = [];
  for await (const w of harness.temporal.workflow.list({ query: leadIdQuery(leadId)!.query })) ids.push(w.workflowId);
  return ids.sort();
};

describe('erasure on a real Temporal server', () => {
  it('deletes the person\'s rows and every workflow history found by LeadwireLeadId, and nobody else\'s', async () => {
    const run = randomUUID().slice(0, 8);
    const person = { id: `erase-${run}`, email: `gone-${run}@example.com` };
    const other = { id: `keep-${run}`, email: `stays-${run}@example.com` };
    const results = [
      await harness.client.deliver(destination(`Erase A ${run}`), person),
      await harness.client.deliver(destination(`Erase B ${run}`), person),
      await harness.client.deliver(destination(`Erase A ${run}`), other),
    ];
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success', 'success']);
    for (const [i, result] of results.entries()) {
      await writeDelivery(ledger.db, deliveryRow(result, { lead: i < 2 ? person : other, intakeAt: new Date().toISOString(), currency: 'USD' }, ledger.protection));
    }
    await until(async () => (await listed(person.id)).length === 2 && (await listed(other.id)).length === 1, 'the deliveries are visible');

    const erased = await eraseLead(ledger, { email: person.email }, { requestedBy: 'test', deleteWorkflows: (ids) => deleteLeadWorkflows(harness.temporal, ids) });
    expect(erased).toMatchObject({ leadIds: [person.id], deliveries: 2, workflows: 2 });

    for (const result of results.slice(0, 2)) {
      await until(async () => harness.temporal.workflow.getHandle(result.deliveryId).describe().then(() => false, (err) => err instanceof WorkflowNotFoundError), `${result.deliveryId} is deleted`);
    }
    await until(async () => (await listed(person.id)).length === 0, 'visibility forgets the person');
    expect(await listed(other.id)).toEqual([results[2]!.deliveryId]);
    expect(await ledger.db.selectFrom('deliveries').select('lead_id').execute()).toEqual([{ lead_id: other.id }]);
    const audit = await ledger.db.selectFrom('erasures').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ subject: 'email', workflows: 2, deliveries: 2 });
    expect(JSON.stringify(audit)).not.toContain(run);
    expect(await deleteLeadWorkflows(harness.temporal, [person.id])).toBe(0);
  }, 180_000);

  it('erases a lead id longer than 255 characters, with quotes and a backslash, without touching another lead that shares its first 255 (LeadwireLeadId keeps only those)', async () => {
    const run = randomUUID().slice(0, 8);
    const start = `long-${run}-"quoted"\\-`.padEnd(270, 'x');
    const person = { id: `${start}-gone`, email: `gone-long-${run}@example.com` };
    const other = { id: `${start}-kept`, email: `kept-long-${run}@example.com` };
    expect(searchKeyword(person.id)).toBe(searchKeyword(other.id));
    const results = [await harness.client.deliver(destination(`Erase L ${run}`), person), await harness.client.deliver(destination(`Erase L ${run}`), other)];
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success']);
    await until(async () => (await listed(person.id)).length === 2, 'both deliveries are visible under the shared start');

    const erased = await eraseLead(ledger, { leadId: person.id }, { deleteWorkflows: (ids) => deleteLeadWorkflows(harness.temporal, ids) });
    expect(erased.workflows).toBe(1);
    await until(async () => harness.temporal.workflow.getHandle(results[0]!.deliveryId).describe().then(() => false, (err) => err instanceof WorkflowNotFoundError), 'the person\'s delivery is deleted');
    expect((await harness.temporal.workflow.getHandle(results[1]!.deliveryId).describe()).workflowId).toBe(results[1]!.deliveryId);
    await until(async () => (await listed(person.id)).length === 1, 'visibility keeps only the other lead');
  }, 180_000);
});
