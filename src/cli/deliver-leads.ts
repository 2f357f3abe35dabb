import type { StartedDelivery } from '../client/leadwire-client.js';
import type { Destination } from '../config/destination-schema.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { Lead } from '../core/lead/lead.js';
import { connectionConfig } from '../temporal/connection-config.js';
import { formatBatchSummary, summarizeBatch, type BatchItem, type BatchSummary } from './batch-summary.js';
import type { DeliverFlags } from './deliver-flags.js';
import { connectClient } from './connect-client.js';
import { formatResultLine } from './format-result.js';
import { mapBounded } from './map-bounded.js';
import { deliverExitCode } from './exit-code.js';
import { countOf } from './plural.js';
import { createProgress } from './progress-bar.js';
import { formatParkedLines, parkedJson } from './format-parked.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';
import { waitForOutcome } from './wait-for-outcome.js';
import { webUiBase, workflowsLink } from './web-ui-link.js';

/** `leadwire deliver --lead`: starts one delivery and, with --wait, prints how it ended. */
export async function deliverOne(destination: Destination, lead: Lead, opts: DeliverFlags): Promise<void> {
  const client = await connectClient(opts);
  try {
    const s = await client.startDelivery(destination, lead, opts.deliveryId ? { deliveryId: opts.deliveryId } : {});
    if (!opts.wait) {
      if (opts.json) console.log(JSON.stringify([{ deliveryId: s.deliveryId, leadId: s.leadId, started: s.started }]));
      else console.log(`${s.started ? 'started' : 'exists '} ${s.deliveryId}`);
      return;
    }
    // A second `deliver` of the same lead sends nothing: say that what follows is the first one's record.
    if (!s.started) {
      const note = `exists    ${s.deliveryId}: this delivery already existed, so nothing new was sent; its state follows (--delivery-id <new id> delivers the lead again)`;
      if (opts.json) console.error(`leadwire: ${note.replace(/^exists\s+/, '')}`);
      else console.log(note);
    }
    const outcome = await waitForOutcome(client, s);
    if (outcome.kind === 'parked') {
      const { status } = outcome;
      if (opts.json) console.log(JSON.stringify(parkedJson(s.deliveryId, status), null, 2));
      else for (const line of formatParkedLines(s.leadId, s.deliveryId, status)) console.log(line);
      process.exitCode = 3;
      return;
    }
    const { result } = outcome;
    console.log(opts.json ? JSON.stringify(result, null, 2) : formatResultLine(result));
    process.exitCode = deliverExitCode([result.outcome]);
  } finally {
    await client.close();
  }
}

type ManyItem = BatchItem & { leadId: string; result?: DeliveryResult; parkedStatus?: DeliveryStatus };

/** `leadwire deliver --leads`: starts many, with a progress bar and a summary table. */
export async function deliverMany(destination: Destination, leads: Lead[], opts: DeliverFlags, concurrency: number): Promise<void> {
  const client = await connectClient(opts);
  const progress = createProgress({ total: leads.length, enabled: opts.progress !== false && !opts.json, label: opts.wait ? 'delivering' : 'starting' });
  const items: ManyItem[] = [];
  try {
    // A batch destination takes the whole file in a few signals to its batchers.
    const t0Batch = performance.now();
    const batched = destination.batch ? await client.startDeliveries(destination, leads) : undefined;
    await mapBounded(leads, concurrency, async (lead, i) => {
      const t0 = batched ? t0Batch : performance.now();
      const s: StartedDelivery = batched ? batched[i]! : await client.startDelivery(destination, lead);
      const item: ManyItem = { deliveryId: s.deliveryId, leadId: s.leadId, started: s.started };
      if (opts.wait) {
        // Until it ends or parks: a parked delivery waits for an operator, maybe for days.
        const waited = await waitForOutcome(client, s);
        if (waited.kind === 'parked') Object.assign(item, { parked: true, parkedStatus: waited.status });
        else Object.assign(item, { result: waited.result, outcome: waited.result.outcome, latencyMs: Math.round(performance.now() - t0) });
      }
      items[i] = item;
      progress.tick(item.parked ? 'parked' : item.outcome);
    });
  } finally {
    progress.stop();
    await client.close();
  }
  const summary = summarizeBatch(items);
  reportMany(destination, items, summary, opts);
  // As with --lead: 3 when any lead parked (an operator must act), else 0 or 1 by the outcomes.
  if (opts.wait) process.exitCode = summary.parked > 0 ? 3 : deliverExitCode(items.map((i) => i.outcome ?? 'error'));
}

/** The leads that did not succeed (each parked one with how to act), then the summary and Web UI links; or all of it as JSON. */
function reportMany(destination: Destination, items: ManyItem[], summary: BatchSummary, opts: DeliverFlags): void {
  const config = connectionConfig({ ...(opts.address ? { address: opts.address } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  const ui = webUiBase(config.connectionOptions.address!);
  const destinationQuery = `LeadwireDestination="${destination.name.replace(/"/g, '\\"')}"`;
  const links = ui
    ? [
        { label: 'Web UI', url: workflowsLink(ui, config.namespace, destinationQuery) },
        ...(summary.failed + summary.errors + summary.parked > 0
          ? [{ label: 'failed ones', url: workflowsLink(ui, config.namespace, `${destinationQuery} AND LeadwireOutcome IN ("failure","error","parked")`) }]
          : []),
      ]
    : [];
  if (opts.json) {
    const deliveries = items.map(({ deliveryId, leadId, started, outcome, latencyMs, result, parkedStatus }) => ({
      leadId,
      started,
      ...(parkedStatus ? parkedJson(deliveryId, parkedStatus) : { deliveryId }),
      ...(outcome ? { outcome, latencyMs, reason: result?.reason } : {}),
    }));
    console.log(JSON.stringify({ summary, deliveries, ...(links[0] ? { webUi: links[0].url } : {}) }, null, 2));
    return;
  }
  for (const item of items) if (item.result && item.result.outcome !== 'success') console.log(formatResultLine(item.result));
  for (const item of items) if (item.parkedStatus) for (const line of formatParkedLines(item.leadId, item.deliveryId, item.parkedStatus)) console.log(line);
  if (summary.parked > 1) console.log(`  all of them: leadwire retry --destination ${JSON.stringify(destination.name)}  |  leadwire list --outcome parked --destination ${JSON.stringify(destination.name)}`);
  console.log(`${destination.name}: ${countOf(items.length, 'lead')}`);
  console.log(formatBatchSummary(summary, links));
}
