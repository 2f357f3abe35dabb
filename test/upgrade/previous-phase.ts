import { runReleaseCli } from './release-processes.js';
import { upgradeLead, writeLeads } from './upgrade-configs.js';
import { idsIn, waitFor, type StartedOnPrevious, type UpgradeContext } from './upgrade-context.js';
import { settled } from './touched-workflows.js';

const OUTCOME = 'LeadwireOutcome';

/** A running workflow's LeadwireOutcome search attribute (read from the workflow, not from visibility). */
async function outcomeOf(ctx: UpgradeContext, workflowId: string): Promise<string | undefined> {
  const d = await ctx.temporal.workflow.getHandle(workflowId).describe();
  const value = d.searchAttributes[OUTCOME];
  return Array.isArray(value) ? String(value[0]) : undefined;
}

const arrivalsFor = (ctx: UpgradeContext, key: string) => ctx.receiver.arrivals.filter((a) => a.key === key);

/**
 * With the previous release's workers running, its own CLI starts every scenario (so the
 * workflow inputs are the ones that release writes), and the run waits until each is where the
 * switch must find it: parked, waiting between retries, in an open batch, counted against a
 * cap, or in an auction whose second bid is held by the receiver. The retry timer and the batch
 * window that must end on their own start last, just before the switch.
 */
export async function startOnPrevious(ctx: UpgradeContext): Promise<StartedOnPrevious> {
  const { configs: c, previous, target } = ctx;
  const cli = (args: string[]) => runReleaseCli(previous, target, args);
  const lead = (id: string) => JSON.stringify(upgradeLead(`${id}-${c.tag}`));
  const leadsFile = (name: string, ids: string[]) => writeLeads(c.dir, name, ids.map((id) => `${id}-${c.tag}`));

  const [parked, waiting, sizeBatch, capsFirst] = await Promise.all([
    leadsFile('park.jsonl', ['park-1', 'park-2', 'park-3']).then((f) => cli(['deliver', c.park.file, '--leads', f, '--json'])),
    cli(['deliver', c.waiting.file, '--lead', lead('waiting'), '--json']),
    leadsFile('size-batch.jsonl', ['size-1', 'size-2']).then((f) => cli(['deliver', c.sizeBatch.file, '--leads', f, '--json'])),
    cli(['distribute', c.caps.file, '--lead', lead('caps-1'), '--wait', '--json']),
  ]);
  const started = {
    parked: idsIn(parked.stdout, 'deliveryId'),
    waiting: idsIn(waiting.stdout, 'deliveryId')[0]!,
    sizeBatch: idsIn(sizeBatch.stdout, 'deliveryId'),
    capsFirst: idsIn(capsFirst.stdout, 'distributionId')[0]!,
  };
  if (started.parked.length !== 3 || started.sizeBatch.length !== 2 || !started.waiting || !started.capsFirst) {
    throw new Error(`the previous release's CLI did not print the ids it started: ${JSON.stringify(started)}`);
  }
  await Promise.all([
    ...started.parked.map((id) => waitFor(`${id} to park on the previous release`, async () => arrivalsFor(ctx, id).length === 2 && (await outcomeOf(ctx, id)) === 'parked')),
    waitFor(`${started.waiting} to wait between retries`, async () => arrivalsFor(ctx, started.waiting).length === 1 && (await outcomeOf(ctx, started.waiting)) === 'retrying'),
  ]);
  ctx.log(`previous release: 3 deliveries parked, 1 waiting an hour to retry, 2 leads in a batch of 3, 1 lead sold to the capped buyer (${started.capsFirst})`);

  // The auction first: its held bid may wait. Then, last, the timer and the window that end on
  // their own a minute later, so the switch comes well before they do.
  const auction = idsIn((await cli(['distribute', c.auction.file, '--lead', lead('auction'), '--json'])).stdout, 'distributionId')[0];
  if (!auction) throw new Error("the previous release's CLI did not print the auction's distribution id");
  await Promise.all([
    waitFor('the held ping to reach the receiver', async () => ctx.receiver.held() === 1),
    waitFor("the quick bidder's ping to be answered", async () => ctx.receiver.arrivals.some((a) => a.path === `/ping/quick-${c.tag}` && a.status === 200)),
  ]);
  const [timer, windowBatch] = await Promise.all([
    cli(['deliver', c.timer.file, '--lead', lead('timer'), '--json']),
    leadsFile('window-batch.jsonl', ['window-1', 'window-2']).then((f) => cli(['deliver', c.windowBatch.file, '--leads', f, '--json'])),
  ]);
  const late = {
    timer: idsIn(timer.stdout, 'deliveryId')[0]!,
    windowBatch: idsIn(windowBatch.stdout, 'deliveryId'),
    auction,
  };
  if (!late.timer || late.windowBatch.length !== 2) throw new Error(`the previous release's CLI did not print the ids it started: ${JSON.stringify(late)}`);
  await waitFor(`${late.timer} to wait between retries`, async () => arrivalsFor(ctx, late.timer).length === 1 && (await outcomeOf(ctx, late.timer)) === 'retrying');

  const batcherIds = await batchersOf(ctx, [c.sizeBatch.name, c.windowBatch.name]);
  const roots = [...started.parked, started.waiting, late.timer, started.capsFirst, late.auction, `cap:${c.caps.capped}`, ...batcherIds];
  // The held ping's child (its delivery id is the request's Idempotency-Key) has its send in
  // flight; everything else has nothing left to do now.
  const heldPing = ctx.receiver.arrivals.find((a) => a.path === `/ping/held-${c.tag}`)!.key;
  await waitFor('every workflow to settle on the previous release', async () => {
    const busy = await settled(ctx.temporal, roots, new Set([heldPing]));
    return busy === undefined;
  });
  ctx.log(`previous release: 1 delivery waiting a minute to retry, 2 leads in a batch window of a minute, an auction waiting on a held bid (${late.auction})`);
  return { ...started, ...late, roots };
}

/** The batchers of these destinations (one each, no batch key), found by type and destination. */
async function batchersOf(ctx: UpgradeContext, destinations: string[]): Promise<string[]> {
  return waitFor('the batchers to be listed', async () => {
    const ids: string[] = [];
    for (const name of destinations) {
      for await (const w of ctx.temporal.workflow.list({ query: `WorkflowType = 'leadBatcher' AND LeadwireDestination = '${name}'` })) ids.push(w.workflowId);
    }
    const unique = [...new Set(ids)];
    return unique.length === destinations.length ? unique : undefined;
  });
}
