import type { StartedDelivery } from '../client/leadwire-client.js';
import type { Destination } from '../config/destination-schema.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { Lead } from '../core/lead/lead.js';
import { connectionConfig } from '../temporal/connection-config.js';
import { formatBatchSummary, summarizeBatch, type BatchItem } from './batch-summary.js';
import type { DeliverFlags } from './commands/deliver-command.js';
import { connectClient } from './connect-client.js';
import { formatResultLine } from './format-result.js';
import { mapBounded } from './map-bounded.js';
import { deliverExitCode } from './exit-code.js';
import { countOf } from './plural.js';
import { createProgress } from './progress-bar.js';
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
    const outcome = await waitForOutcome(client, s);
    if (outcome.kind === 'parked') {
      const { status } = outcome;
      if (opts.json) console.log(JSON.stringify({ deliveryId: s.deliveryId, state: 'parked', parkedUntil: status.parkedUntil, lastError: status.lastError, lastErrorCode: status.lastErrorCode, attempts: status.attempts }, null, 2));
      else {
        console.log(`- parked    ${s.leadId.padEnd(16)} ${status.lastError ?? 'retries exhausted'} (${countOf(status.attempts.length, 'attempt')}); waits for an operator until ${status.parkedUntil}`);
        console.log(`  act: leadwire retry ${s.deliveryId} [--config fixed.yaml]  |  leadwire abandon ${s.deliveryId} --reason "..."`);
      }
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

/** `leadwire deliver --leads`: starts many, with a progress bar and a summary table. */
export async function deliverMany(destination: Destination, leads: Lead[], opts: DeliverFlags, concurrency: number): Promise<void> {
  const client = await connectClient(opts);
  const progress = createProgress({ total: leads.length, enabled: opts.progress !== false && !opts.json, label: opts.wait ? 'delivering' : 'starting' });
  const items: (BatchItem & { leadId: string; result?: DeliveryResult })[] = [];
  try {
    // A batch destination takes the whole file in a few signals to its batchers.
    const t0Batch = performance.now();
    const batched = destination.batch ? await client.startDeliveries(destination, leads) : undefined;
    await mapBounded(leads, concurrency, async (lead, i) => {
      const t0 = batched ? t0Batch : performance.now();
      const s: StartedDelivery = batched ? batched[i]! : await client.startDelivery(destination, lead);
      const item: (typeof items)[number] = { deliveryId: s.deliveryId, leadId: s.leadId, started: s.started };
      if (opts.wait) {
        item.result = await s.result();
        item.outcome = item.result.outcome;
        item.latencyMs = Math.round(performance.now() - t0);
      }
      items[i] = item;
      progress.tick(item.outcome);
    });
  } finally {
    progress.stop();
    await client.close();
  }

  const summary = summarizeBatch(items);
  const config = connectionConfig({ ...(opts.address ? { address: opts.address } : {}), ...(opts.namespace ? { namespace: opts.namespace } : {}) });
  const ui = webUiBase(config.connectionOptions.address!);
  const destinationQuery = `LeadwireDestination="${destination.name.replace(/"/g, '\\"')}"`;
  const links = ui
    ? [
        { label: 'Web UI', url: workflowsLink(ui, config.namespace, destinationQuery) },
        ...(summary.failed + summary.errors > 0
          ? [{ label: 'failed ones', url: workflowsLink(ui, config.namespace, `${destinationQuery} AND LeadwireOutcome IN ("failure","error","parked")`) }]
          : []),
      ]
    : [];
  if (opts.json) {
    const deliveries = items.map(({ deliveryId, leadId, started, outcome, latencyMs, result }) => ({
      deliveryId,
      leadId,
      started,
      ...(outcome ? { outcome, latencyMs, reason: result?.reason } : {}),
    }));
    console.log(JSON.stringify({ summary, deliveries, ...(links[0] ? { webUi: links[0].url } : {}) }, null, 2));
  } else {
    if (opts.wait) for (const item of items) if (item.result && item.result.outcome !== 'success') console.log(formatResultLine(item.result));
    console.log(`${destination.name}: ${countOf(leads.length, 'lead')}`);
    console.log(formatBatchSummary(summary, links));
  }
  if (opts.wait) process.exitCode = deliverExitCode(items.map((i) => i.outcome ?? 'error'));
}
