import type { Outcome } from '../core/delivery/outcome.js';

/** What a finished delivery reports to the worker's metrics and logs (through a workflow sink). */
export interface DeliverySummary {
  deliveryId: string;
  destination: string;
  leadId: string;
  outcome: Outcome;
  attempts: number;
  errorCode?: string;
}
