import type { InjectedSinks } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { DeliveryMetrics } from './delivery-metrics.js';
import type { LeadwireSinks } from './metrics-sinks.js';

/**
 * Worker side of the workflow sink: counts each finished delivery and its end-to-end
 * latency (from the workflow's start time), and logs one line for it. Not called on replay.
 */
export function deliverySinks(metrics: DeliveryMetrics | undefined, logger: Logger | undefined, now: () => number = Date.now): InjectedSinks<LeadwireSinks> {
  return {
    deliveries: {
      finished: {
        fn(info, summary) {
          const seconds = Math.max(0, (now() - info.startTime.getTime()) / 1000);
          metrics?.deliveries.inc({ destination: summary.destination, outcome: summary.outcome });
          metrics?.deliveryDuration.observe({ destination: summary.destination, outcome: summary.outcome }, seconds);
          logger?.info(
            { event: 'delivery', ...summary, durationMs: Math.round(seconds * 1000), workflowId: info.workflowId, runId: info.runId },
            `${summary.destination} lead ${summary.leadId}: ${summary.outcome} after ${summary.attempts} attempt${summary.attempts === 1 ? '' : 's'}`,
          );
        },
        callDuringReplay: false,
      },
    },
    flows: {
      finished: {
        fn(info, summary) {
          metrics?.flows.inc({ flow: summary.flow, outcome: summary.outcome });
          for (const b of summary.buyers) {
            for (const event of ['pinged', 'bid', 'won', 'accepted', 'rejected'] as const) {
              if (b[event]) metrics?.flowBuyerEvents.inc({ flow: summary.flow, buyer: b.buyer, event });
            }
            if (b.price !== undefined && b.price > 0) metrics?.flowBuyerPrice.inc({ flow: summary.flow, buyer: b.buyer }, b.price);
          }
          const soldTo = summary.buyers.filter((b) => b.accepted).map((b) => b.buyer);
          logger?.info(
            { event: 'distribution', ...summary, workflowId: info.workflowId, runId: info.runId },
            `${summary.flow} lead ${summary.leadId}: ${summary.outcome}${soldTo.length ? ` to ${soldTo.join(', ')}` : ''}`,
          );
        },
        callDuringReplay: false,
      },
    },
  };
}
