import type { Destination } from '../config/destination-schema.js';
import type { Lead } from '../core/lead/lead.js';

/** What a deliverLead workflow starts with. Secret references stay unresolved in it. */
export interface DeliverLeadInput {
  destination: Destination;
  lead: Lead;
  deliveryId: string;
  leadId: string;
}
