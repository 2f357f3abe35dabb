import type { Client } from '@temporalio/client';
import { mapBounded } from '../../../cli/map-bounded.js';
import type { DeliveryResult } from '../../../core/delivery/delivery-result.js';
import { statusQuery } from '../../../shared/messages.js';
import { ATTEMPTS_KEY, BUYER_KEY, DESTINATION_KEY, LAST_STATUS_KEY, LEAD_ID_KEY, OUTCOME_KEY } from '../../../shared/search-attributes.js';
import { CONSOLE_OUTCOMES, type ConsoleOutcome, type DeliveryRow } from '../console-data.js';
import type { VisibleWorkflow } from './visibility-page.js';

/** How long one row's reason may take (a running delivery's worker may be down). */
const REASON_DEADLINE_MS = 1500;

const asOutcome = (value: string | undefined): ConsoleOutcome | 'unknown' =>
  (CONSOLE_OUTCOMES as readonly string[]).includes(value ?? '') ? (value as ConsoleOutcome) : 'unknown';

/** A delivery's row from what visibility lists: no reason yet (see withReasons). */
export function deliveryRow(wf: VisibleWorkflow): DeliveryRow {
  const sa = wf.searchAttributes;
  const optional = {
    destination: sa.get(DESTINATION_KEY),
    leadId: sa.get(LEAD_ID_KEY),
    buyer: sa.get(BUYER_KEY)?.[0],
    attempts: sa.get(ATTEMPTS_KEY),
    lastStatus: sa.get(LAST_STATUS_KEY),
  };
  return {
    deliveryId: wf.workflowId,
    outcome: asOutcome(sa.get(OUTCOME_KEY)),
    running: wf.running,
    startedAt: wf.startTime.toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

/**
 * The page's rows with each one's reason: an ended delivery's from its record, a running one's
 * last error from its status query. Visibility holds no reason; the ledger (issue 24) will, and
 * then this goes. A row whose reason cannot be had in time keeps none.
 */
export async function withReasons(temporal: Client, rows: DeliveryRow[]): Promise<DeliveryRow[]> {
  return mapBounded(rows, 10, async (row) => {
    const reason = await temporal
      .withDeadline(Date.now() + REASON_DEADLINE_MS, async () => {
        const handle = temporal.workflow.getHandle(row.deliveryId);
        if (!row.running) return ((await handle.result()) as DeliveryResult | undefined)?.reason;
        const status = await handle.query(statusQuery);
        return status.lastError;
      })
      .catch(() => undefined);
    return reason ? { ...row, reason } : row;
  });
}
