import type { Destination } from '../config/destination-schema.js';
import type { LoopStatus } from './loop-status.js';

/** Retry a waiting or parked delivery now, optionally with a corrected destination (validated in full by the workflow before it is taken). */
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

/** What a delivery answers to an operator's `retry` or `giveUp` update: taken, and what happens now. */
export interface OperatorAnswer {
  action: 'retry' | 'retry-with-new-config' | 'give-up';
  /** The delivery's state when the action was taken. */
  state: LoopStatus['state'];
  /** Attempts made so far. */
  attempts: number;
  /** What the delivery does now, in plain words. */
  message: string;
}

/** The `type` of the failure an operator update is refused with, for a delivery that has already ended. */
export const DELIVERY_ENDED = 'DELIVERY_ENDED';
