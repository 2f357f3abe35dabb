import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveryStatus } from './delivery-status.js';
import type { GiveUpArgument, RetryArgument } from './operator-commands.js';

/** Live status of a delivery: attempts so far, last error, next retry time, parked or not. */
export const statusQuery = defineQuery<DeliveryStatus>('status');

/**
 * Retry now: skips a running retry wait or wakes a parked delivery. With a destination,
 * that config is used from this attempt on, and the retry budget starts again.
 */
export const retrySignal = defineSignal<[RetryArgument]>('retry');

/** Give up: a waiting or parked delivery ends now with its last failed outcome. */
export const giveUpSignal = defineSignal<[GiveUpArgument]>('giveUp');

/** What the Web UI lists beside each handler (signal, query, update dialogs). */
export const handlerDescriptions = {
  status: 'Live status of the delivery: its state, every attempt so far, the last error, when the next attempt runs or until when it stays parked.',
  retry:
    'Retry now: skips a retry wait or wakes a parked delivery. Input {} or {"requestedBy": "name"}; with {"destination": {...}} (a whole corrected destination, which the delivery validates in full and ignores when it is not valid) that config is used from now on and the retry budget starts again.',
  giveUp: 'Give up: a waiting or parked delivery ends now with its last failed outcome. Input {"reason": "why", "requestedBy": "name"}; the reason is kept in the record.',
} as const;
