import { capWindows } from '../../src/core/flows/cap-ledger.js';
import { capWorkflowIdFor } from '../../src/core/flows/flow-ids.js';
import { CONTRACT_VERSION as v } from '../../src/contract/version.js';
import { reserveCapUpdate, type BuyerCapsInput } from '../../src/shared/flow-messages.js';
import type { ScenarioContext } from './scenario-context.js';
import { expectPath, waitUntil } from './wait-until.js';

/** A cap workflow that continues as new past 30 history events: 25 reservations against 20 a day. */
export async function recordCaps(ctx: ScenarioContext): Promise<void> {
  const { temporal, taskQueue } = ctx.stack;
  const buyer = 'caps-rollover';
  const workflowId = capWorkflowIdFor(buyer);
  const first = await temporal.workflow.start('buyerCaps', { taskQueue, workflowId, args: [{ v, buyer, maxHistory: 30 } satisfies BuyerCapsInput] });
  const windows = capWindows(new Date().toISOString(), 'UTC');
  let granted = 0;
  for (let i = 0; i < 25; i++) {
    const decision = await temporal.workflow.getHandle(workflowId).executeUpdate(reserveCapUpdate, { args: [{ v, id: `reservation-${i}`, windows, caps: { per_day: 20 } }] });
    if (decision.granted) granted++;
  }
  expectPath(granted === 20, `caps granted ${granted}`);
  const latest = await waitUntil('the cap workflow to continue as new', async () => {
    const d = await temporal.workflow.getHandle(workflowId).describe();
    return d.runId !== first.firstExecutionRunId ? d.runId : undefined;
  });
  await ctx.recorder.record('buyer-caps--continued-as-new', workflowId, 'a cap workflow run that handled reservation updates (20 granted, the rest refused) and continued as new past 30 history events, carrying its ledger', { runId: first.firstExecutionRunId, state: 'closed' });
  await ctx.recorder.record('buyer-caps--after-continue-as-new--open', workflowId, 'the cap workflow run after continue-as-new, started with the carried ledger (open)', { runId: latest, state: 'open' });
}
