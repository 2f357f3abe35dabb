import type { Sinks } from '@temporalio/workflow';
import type { DeliverySummary } from './delivery-summary.js';
import type { FlowSummary } from './flow-summary.js';

/** The workflow-to-worker sinks leadwire's workflows report finished deliveries and distributions through. */
export interface LeadwireSinks extends Sinks {
  deliveries: {
    finished(summary: DeliverySummary): void;
  };
  flows: {
    finished(summary: FlowSummary): void;
  };
}
