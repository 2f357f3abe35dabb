import type { Sinks } from '@temporalio/workflow';
import type { DeliverySummary } from './delivery-summary.js';

/** The workflow-to-worker sink leadwire's workflow reports finished deliveries through. */
export interface LeadwireSinks extends Sinks {
  deliveries: {
    finished(summary: DeliverySummary): void;
  };
}
