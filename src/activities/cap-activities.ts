import { oneLine } from '../core/explain/words.js';
import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { CapCall, CapCheck } from '../contract/activity-messages.js';
import { upgrade } from '../contract/upgrade/upgrade.js';
import { CONTRACT_VERSION as v } from '../contract/version.js';
import type { BuyerCapsInput } from '../contract/workflow-inputs.js';
import { capUsage, capWindows, type CapDecision } from '../core/flows/cap-ledger.js';
import { capWorkflowIdFor } from '../core/flows/flow-ids.js';
import { capLedgerQuery, confirmCapUpdate, releaseCapUpdate, reserveCapUpdate } from '../shared/flow-messages.js';

/**
 * The activities that talk to a buyer's cap entity workflow (`cap:<buyer>`), through the
 * worker's own client. Workflows cannot send Updates to each other, so these carry them.
 * The windows are read from this activity's clock, in the caps' time zone. Their inputs may have
 * been scheduled by an earlier release: each is upgraded first (src/contract/upgrade).
 */
export function createCapActivities(now: () => Date) {
  const ctx = () => Context.current();
  /**
   * A confirm or release, whose failures the flow retries without end. The one answer that
   * no retry can change is a cap workflow that no longer exists (terminated by hand): its
   * ledger, and the place with it, is gone, so there is nothing left to settle. That is logged.
   */
  const settle = async (call: CapCall, what: 'confirm' | 'release', update: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await update();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      ctx().log.warn(`cap workflow ${capWorkflowIdFor(call.buyer)} is gone (terminated?), so reservation ${call.reservationId} has nothing to ${what}: the buyer's counts start again from its next reservation`, {
        buyer: call.buyer,
      });
      return false;
    }
  };
  return {
    /** Reserves a place under the buyer's caps, starting its entity workflow on first use. */
    async reserveCap(stored: CapCall): Promise<CapDecision> {
      const call = upgrade.capCall(stored);
      const { client, info } = ctx();
      const startWorkflowOperation = new WithStartWorkflowOperation<(input: BuyerCapsInput) => Promise<void>>('buyerCaps', {
        workflowId: capWorkflowIdFor(call.buyer),
        taskQueue: info.taskQueue,
        args: [{ v, buyer: call.buyer }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: oneLine(`caps of buyer ${call.buyer}`),
      });
      const { time_zone: timeZone, ...limits } = call.caps;
      return client.workflow.executeUpdateWithStart(reserveCapUpdate, {
        args: [{ v, id: call.reservationId, windows: capWindows(now().toISOString(), timeZone), caps: limits }],
        startWorkflowOperation,
      });
    },
    /** Whether the buyer has room now, without reserving: who is worth pinging. */
    async capHasRoom(stored: CapCheck): Promise<CapDecision> {
      const call = upgrade.capCheck(stored);
      try {
        const ledger = await ctx().client.workflow.getHandle(capWorkflowIdFor(call.buyer)).query(capLedgerQuery);
        const windows = capWindows(now().toISOString(), call.caps.time_zone);
        const used = capUsage(ledger, windows);
        const full = (['hour', 'day', 'month'] as const).find((p) => {
          const limit = call.caps[`per_${p}`];
          return limit !== undefined && used[p] >= limit;
        });
        return full ? { granted: false, reason: `cap reached: ${call.caps[`per_${full}`]} per ${full} (${windows[full]})` } : { granted: true };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { granted: true };
        throw err;
      }
    },
    /** Marks a reserved place sold. Retried by the flow until it succeeds (see flow-caps.ts). */
    async confirmCap(stored: CapCall): Promise<boolean> {
      const call = upgrade.capCall(stored);
      return settle(call, 'confirm', () => ctx().client.workflow.getHandle(capWorkflowIdFor(call.buyer)).executeUpdate(confirmCapUpdate, { args: [{ v, id: call.reservationId }] }));
    },
    /** Gives a reserved place back. Retried by the flow until it succeeds (see flow-caps.ts). */
    async releaseCap(stored: CapCall): Promise<boolean> {
      const call = upgrade.capCall(stored);
      return settle(call, 'release', () => ctx().client.workflow.getHandle(capWorkflowIdFor(call.buyer)).executeUpdate(releaseCapUpdate, { args: [{ v, id: call.reservationId }] }));
    },
  };
}
