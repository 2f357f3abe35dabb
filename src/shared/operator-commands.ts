import type { Destination } from '../config/destination-schema.js';

/** Retry a waiting or parked delivery now, optionally with a corrected destination (already validated). */
export interface RetryRequest {
  destination?: Destination;
  /** Who or what asked, kept in the record. */
  requestedBy?: string;
}

/** End a waiting or parked delivery now, with its last failed outcome and this reason. */
export interface GiveUpRequest {
  reason: string;
  requestedBy?: string;
}
