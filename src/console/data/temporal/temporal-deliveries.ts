import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DeliveryResult } from '../../../core/delivery/delivery-result.js';
import type { DeliveryPlan } from '../../../contract/delivery-plan.js';
import { upgrade } from '../../../contract/upgrade/upgrade.js';
import type { DeliveryStatus } from '../../../shared/delivery-status.js';
import { statusQuery } from '../../../shared/messages.js';
import { CONSOLE_OUTCOMES, type ConsoleOutcome, type DeliveryDetail, type DeliverySource } from '../console-data.js';
import { deliveryRow, withReasons } from './delivery-rows.js';
import { readHistoryRecords } from './history-records.js';
import { deliveriesQuery } from './visibility-query.js';
import { visibilityCount, visibilityPage } from './visibility-page.js';

export interface TemporalSourceOptions {
  /** Only workflows of this task queue (tests; a namespace shared by several deployments). */
  taskQueue?: string;
  /** A workflow's page in the Temporal Web UI, for the "history" link. */
  historyUrl?: (workflowId: string) => string | undefined;
}

/** Deliveries from Temporal: visibility for the list, queries and records for a delivery's page. */
export function temporalDeliveries(temporal: Client, options: TemporalSourceOptions = {}): DeliverySource {
  const scope = options.taskQueue ? { taskQueue: options.taskQueue } : {};
  return {
    async list(filter, page) {
      const found = await visibilityPage(temporal, deliveriesQuery(filter, scope), page);
      return { ...found, rows: await withReasons(temporal, found.rows.map(deliveryRow)) };
    },
    async countByOutcome(filter) {
      const counts = await Promise.all(CONSOLE_OUTCOMES.map(async (outcome) => [outcome, await visibilityCount(temporal, deliveriesQuery({ ...filter, outcome }, scope))] as const));
      return Object.fromEntries(counts.filter(([, n]) => n > 0)) as Partial<Record<ConsoleOutcome, number>>;
    },
    get: (deliveryId) => deliveryDetail(temporal, deliveryId, options),
  };
}

async function deliveryDetail(temporal: Client, deliveryId: string, options: TemporalSourceOptions): Promise<DeliveryDetail | undefined> {
  const handle = temporal.workflow.getHandle(deliveryId);
  const description = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
  if (!description || description.type !== 'deliverLead') return undefined;
  const running = description.status.name === 'RUNNING';
  const row = deliveryRow({ workflowId: deliveryId, running, startTime: description.startTime, searchAttributes: description.typedSearchAttributes });
  const [records, result, live] = await Promise.all([
    readHistoryRecords(temporal, deliveryId),
    description.status.name === 'COMPLETED' ? (handle.result() as Promise<DeliveryResult>).catch(() => undefined) : undefined,
    running ? temporal.withDeadline(Date.now() + 3000, () => handle.query(statusQuery)).catch(() => undefined) : undefined,
  ]);
  const destination = planOf(records?.input);
  const historyUrl = options.historyUrl?.(deliveryId);
  return {
    row: { ...row, ...((result?.reason ?? live?.lastError) ? { reason: result?.reason ?? live?.lastError } : {}) },
    ...(live ? { live: liveOf(live) } : {}),
    ...(result ? { result: recordOf(result) } : {}),
    attempts: result?.attempts ?? live?.attempts ?? [],
    ...(records?.rendered ? { request: records.rendered } : {}),
    ...(destination ? { destination } : {}),
    ...(historyUrl ? { historyUrl } : {}),
  };
}

const liveOf = ({ deliveryId: _, result: __, batch: ___, ...loop }: DeliveryStatus) => loop;

function recordOf(result: DeliveryResult): NonNullable<DeliveryDetail['result']> {
  const { outcome, reason, errorCode, price, reference, finishedAt, operatorActions } = result;
  const optional = { errorCode, price, reference, finishedAt, operatorActions };
  return { outcome, reason, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) };
}

/** The delivery plan its history recorded, in today's form whichever release wrote it; none when unreadable. */
function planOf(input: unknown): DeliveryPlan | undefined {
  if (input === undefined) return undefined;
  try {
    return upgrade.deliverLeadInput(input).plan;
  } catch {
    return undefined;
  }
}
