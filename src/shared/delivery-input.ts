import type { Destination } from '../config/destination-schema.js';
import type { Lead } from '../core/lead/lead.js';

/** What a deliverLead workflow starts with. Secret references stay unresolved in it. */
export interface DeliverLeadInput {
  destination: Destination;
  lead: Lead;
  deliveryId: string;
  leadId: string;
  /**
   * A ping's bid window, in milliseconds (its flow's `ping_timeout`): every attempt is cut at
   * what is left of the window opened by its ping's send, and no retry starts after it
   * (src/core/flows/ping-window.ts). Absent for a post or a delivery, and in pings started
   * before the window was measured from the send.
   */
  answerWithinMs?: number;
}
