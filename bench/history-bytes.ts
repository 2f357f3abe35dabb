import type { Client } from '@temporalio/client';
import type { LeadwireClient } from '../src/client/index.js';
import type { DestinationInput } from '../src/config/destination-schema.js';
import type { FlowInput } from '../src/config/flow-schema.js';
import { parseFlow } from '../src/config/load-flow.js';
import { startReceiver } from '../src/receiver/start-receiver.js';
import { COST_KINDS, treeCost, type Execution, type HistoryCost } from './history-cost.js';

/**
 * `history-bytes`: what a lead costs in Temporal's history, for the four shapes a lead takes.
 * Each run's history is fetched after the run (DescribeWorkflowExecution for the server's
 * `historySizeBytes`, GetWorkflowExecutionHistory for the events) and summed over every
 * workflow a lead needs, then divided by the leads:
 * - `single`: one deliverLead, accepted on the first attempt;
 * - `parked`: one deliverLead that fails twice (503), parks, is retried by an operator (the
 *   `retry` update) and is accepted: its whole life;
 * - `batch lead`: the deliverBatch workflows and every run of the batcher, divided by the leads
 *   they carried (each lead handed over by its own `startDelivery`, one signal each, as the
 *   intake API does);
 * - `auction`: one distributeLead (ping_post, three bidders) with its children: three pings and
 *   the winner's post.
 * No payload codec: bytes are the plain JSON payloads the worker writes.
 */
export interface HistoryBytesRow {
  name: 'single' | 'parked' | 'batch lead' | 'auction';
  leads: number;
  /** Workflow runs per lead. */
  workflows_per_lead: number;
  events_per_lead: number;
  /** The server's `historySizeBytes` (what its history size limits count), per lead. */
  history_bytes_per_lead: number;
  /** Each event encoded alone as a `HistoryEvent` protobuf, summed, per lead. */
  encoded_bytes_per_lead: number;
  /** `encoded_bytes_per_lead` by kind of event (history-cost.ts, COST_KINDS). */
  by_kind: Record<string, number>;
  notes: string;
}

export interface HistoryBytesResult {
  /** How the bytes are counted, in words (written beside the table). */
  counted: string;
  rows: HistoryBytesRow[];
  error?: string;
}

export interface HistoryBytesContext {
  temporal: Client;
  leadwire: LeadwireClient;
  runId: string;
  /** Makes a destination acceptable to this checkout (plain HTTP to loopback). */
  destination(input: DestinationInput): DestinationInput;
  log(line: string): void;
}

export const HISTORY_BYTES_COUNTED =
  "Per lead, summed over every workflow run the lead needs, after the run: `history bytes` is the server's own `historySizeBytes` " +
  "(DescribeWorkflowExecution; the size Temporal stores and its history limits count), `encoded` is each event of " +
  'GetWorkflowExecutionHistory encoded alone as a `temporal.api.history.v1.HistoryEvent` protobuf and summed, split by kind of event. ' +
  'No payload codec. single: one first-try success; parked: two 503s, parked, retried by the `retry` update, accepted; ' +
  "batch lead: the batches' and the batcher's runs divided by their leads (20 leads, one startDelivery and so one signal each, batches of 10); " +
  'auction: the distribution (ping_post, three bidders) with its children (three pings, one post).';

/** A destination like most: a JSON body of six fields, a short timeout, three tries a second apart. */
const leadDestination = (ctx: HistoryBytesContext, name: string, url: string, extra: Partial<DestinationInput> = {}) =>
  ctx.destination({
    name: `history ${name} ${ctx.runId}`,
    url,
    timeout: 5000,
    body: { format: 'json', mapping: { lead_id: 'id', email: 'email', first_name: 'first_name', last_name: 'last_name', phone: 'phone', zip: 'zip' } },
    retry: { max_attempts: 3, delay: 1000 },
    ...extra,
  } as DestinationInput);

const leadOf = (id: string) => ({ id, email: `${id}@example.com`, first_name: 'Ada', last_name: 'Lovelace', phone: '+15555550100', zip: '94107' });

function row(name: HistoryBytesRow['name'], leads: number, cost: HistoryCost, notes: string): HistoryBytesRow {
  const per = (n: number) => Math.round((n / leads) * 100) / 100;
  return {
    name,
    leads,
    workflows_per_lead: per(cost.executions),
    events_per_lead: per(cost.events),
    history_bytes_per_lead: Math.round(cost.historyBytes / leads),
    encoded_bytes_per_lead: Math.round(cost.encodedBytes / leads),
    by_kind: Object.fromEntries(COST_KINDS.map((k) => [k, Math.round(cost.byKind[k] / leads)])),
    notes,
  };
}

const runOf = async (ctx: HistoryBytesContext, workflowId: string): Promise<Execution> => ({ workflowId, runId: (await ctx.temporal.workflow.getHandle(workflowId).describe()).runId });

async function single(ctx: HistoryBytesContext, url: string): Promise<HistoryBytesRow> {
  const destination = leadDestination(ctx, 'single', `${url}/leads`);
  const leads = 10;
  const started = await Promise.all(Array.from({ length: leads }, (_, i) => ctx.leadwire.startDelivery(destination, leadOf(`${ctx.runId}-single-${i}`))));
  const results = await Promise.all(started.map((s) => s.result()));
  if (results.some((r) => r.outcome !== 'success')) throw new Error(`single: not every lead was accepted (${results.map((r) => r.outcome).join(', ')})`);
  const cost = await treeCost(ctx.temporal, await Promise.all(started.map((s) => runOf(ctx, s.deliveryId))));
  return row('single', leads, cost, 'one deliverLead, accepted on the first attempt');
}

async function parked(ctx: HistoryBytesContext, url: string): Promise<HistoryBytesRow> {
  const destination = leadDestination(ctx, 'parked', `${url}/leads?fail=2&fail_status=503`, { retry: { max_attempts: 2, delay: 100 } });
  const leads = 3;
  const started = await Promise.all(Array.from({ length: leads }, (_, i) => ctx.leadwire.startDelivery(destination, leadOf(`${ctx.runId}-parked-${i}`))));
  await Promise.all(started.map((s) => waitFor(`${s.deliveryId} to park`, async () => (await ctx.leadwire.status(s.deliveryId)).parked)));
  await Promise.all(started.map((s) => ctx.leadwire.retry(s.deliveryId, { requestedBy: 'bench' })));
  const results = await Promise.all(started.map((s) => s.result()));
  if (results.some((r) => r.outcome !== 'success' || r.attempts.length !== 3)) throw new Error(`parked: expected 3 attempts and success, got ${results.map((r) => `${r.outcome}/${r.attempts.length}`).join(', ')}`);
  const cost = await treeCost(ctx.temporal, await Promise.all(started.map((s) => runOf(ctx, s.deliveryId))));
  return row('parked', leads, cost, 'two 503s, parked, retried by the retry update, accepted (3 attempts)');
}

async function batchLead(ctx: HistoryBytesContext, url: string): Promise<HistoryBytesRow> {
  const destination = leadDestination(ctx, 'batch', `${url}/leads/bulk`, { batch: { size: 10, timeout: 60_000 } });
  const leads = 20;
  // One lead a call, as the intake API and `deliver --lead` hand them over: one signal each.
  const started = await Promise.all(Array.from({ length: leads }, (_, i) => ctx.leadwire.startDelivery(destination, leadOf(`${ctx.runId}-batch-${i}`))));
  const results = await Promise.all(started.map((s) => s.result()));
  if (results.some((r) => r.outcome !== 'success')) throw new Error(`batch: not every lead was accepted (${results.map((r) => r.outcome).join(', ')})`);
  const batcherIds = [...new Set(started.map((s) => s.batcherId).filter((id): id is string => Boolean(id)))];
  if (batcherIds.length === 0) throw new Error('batch: the client named no batcher');
  // Every run of each batcher (it continues as new when long), and from them their batches.
  const batcherRuns = await Promise.all(batcherIds.map((id) => allRuns(ctx, id)));
  const cost = await treeCost(ctx.temporal, batcherRuns.flat());
  const batches = new Set(results.map((r) => r.batchId)).size;
  return row('batch lead', leads, cost, `${batches} deliverBatch runs of 10 leads and the batcher (${cost.executions - batches} run${cost.executions - batches === 1 ? '' : 's'}, still open), divided by ${leads}`);
}

async function auction(ctx: HistoryBytesContext, url: string): Promise<HistoryBytesRow> {
  const buyers = [10, 20, 30].map((bid, i) => ({
    name: `hb-${i}`,
    ping: leadDestination(ctx, `ping ${i}`, `${url}/ping?bid=${bid}`, { price: 'bid', response_parser: { ping_id: 'ping_id' }, body: { format: 'json', mapping: { zip: 'zip' } }, retry: { max_attempts: 1 } }),
    destination: leadDestination(ctx, `post ${i}`, `${url}/leads`, { retry: { max_attempts: 1 } }),
  }));
  const flow = await parseFlow({ name: `history-auction-${ctx.runId}`, strategy: 'ping_post', ping_timeout: 60_000, buyers } as FlowInput);
  const leads = 3;
  const started = await Promise.all(Array.from({ length: leads }, (_, i) => ctx.leadwire.startDistribution(flow, leadOf(`${ctx.runId}-auction-${i}`))));
  const results = await Promise.all(started.map((s) => s.result()));
  if (results.some((r) => r.winner !== 'hb-2')) throw new Error(`auction: expected hb-2 to win every auction, got ${results.map((r) => r.winner ?? r.outcome).join(', ')}`);
  const cost = await treeCost(ctx.temporal, await Promise.all(started.map((s) => runOf(ctx, s.distributionId))));
  return row('auction', leads, cost, 'distributeLead with its children: three pings (bids 10, 20, 30) and the post to the best bid');
}

/** Every run of a workflow id, through visibility (eventually consistent: waits for at least one). */
async function allRuns(ctx: HistoryBytesContext, workflowId: string): Promise<Execution[]> {
  return waitFor(`the runs of ${workflowId} to be listed`, async () => {
    const runs: Execution[] = [];
    for await (const w of ctx.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push({ workflowId, runId: w.runId });
    return runs.length > 0 ? runs : undefined;
  });
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`history-bytes: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the four shapes one after the other on a receiver of its own (127.0.0.1) and counts their histories. */
export async function measureHistoryBytes(ctx: HistoryBytesContext): Promise<HistoryBytesResult> {
  const receiver = await startReceiver();
  const rows: HistoryBytesRow[] = [];
  try {
    for (const shape of [single, parked, batchLead, auction]) {
      const r = await shape(ctx, receiver.url);
      ctx.log(`history-bytes: ${r.name}: ${r.history_bytes_per_lead} bytes per lead (${r.events_per_lead} events, ${r.workflows_per_lead} workflows)`);
      rows.push(r);
    }
    return { counted: HISTORY_BYTES_COUNTED, rows };
  } catch (err) {
    return { counted: HISTORY_BYTES_COUNTED, rows, error: (err as Error).message };
  } finally {
    await receiver.close();
  }
}

/** The table: one row per shape, bytes per lead, and where the encoded bytes go. */
export function formatHistoryBytes(result: HistoryBytesResult): string {
  const header = ['lead', 'workflows', 'events', 'history bytes', 'encoded', ...COST_KINDS.map((k) => k.replace('_', ' '))];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const rows = result.rows.map((r) => line([r.name, r.workflows_per_lead, r.events_per_lead, r.history_bytes_per_lead, r.encoded_bytes_per_lead, ...COST_KINDS.map((k) => r.by_kind[k] ?? 0)]));
  return [line(header), line(header.map(() => '---')), ...rows, ...(result.error ? [`\nFAILED: ${result.error}`] : [])].join('\n');
}
