/** One delivery as listed from Temporal's visibility store. */
export interface DeliverySummary {
  deliveryId: string;
  /** Temporal's execution status: RUNNING, COMPLETED, ... */
  status: string;
  destination?: string;
  leadId?: string;
  /** `pending`, `retrying`, `parked` or the final outcome. */
  outcome?: string;
  attempts?: number;
  lastStatus?: number;
  startTime: string;
}
