import type { Lead } from '../lead/lead.js';

/** One lead waiting in, or sent in, a batch. */
export interface BatchEntry {
  deliveryId: string;
  leadId: string;
  lead: Lead;
}
