import { proxySinks } from '@temporalio/workflow';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { LeadwireSinks } from './metrics-sinks.js';

/**
 * Workflow side of the metrics sink: tells the worker a delivery finished. Sinks are
 * fire-and-forget and skipped during replay, so a delivery is counted once, and a worker
 * without the sink installed simply ignores the call.
 */
export function reportDeliveryFinished(result: DeliveryResult): void {
  const { deliveries } = proxySinks<LeadwireSinks>();
  deliveries.finished({
    deliveryId: result.deliveryId,
    destination: result.destination,
    leadId: result.leadId,
    outcome: result.outcome,
    attempts: result.attempts.length,
    ...(result.errorCode ? { errorCode: result.errorCode } : {}),
  });
}
