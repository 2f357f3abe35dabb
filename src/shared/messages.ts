import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliveryStatus } from './delivery-status.js';
import type { GiveUpRequest, OperatorAnswer, RetryRequest } from './operator-commands.js';

/** Live status of a delivery: attempts so far, last error, next retry time, parked or not. */
export const statusQuery = defineQuery<DeliveryStatus>('status');

/**
 * Retry now: skips a running retry wait or wakes a parked delivery. With a destination,
 * that config is used from this attempt on, and the retry budget starts again.
 * Kept for deliveries and scripts that signal; the update of the same name answers.
 */
export const retrySignal = defineSignal<[RetryRequest]>('retry');

/** Give up: a waiting or parked delivery ends now with its last failed outcome. Kept beside the update. */
export const giveUpSignal = defineSignal<[GiveUpRequest]>('giveUp');

/**
 * Retry now, as an update: a validator refuses an ended delivery or a malformed corrected
 * destination before anything is written to history; the answer says what happens now.
 */
export const retryUpdate = defineUpdate<OperatorAnswer, [RetryRequest]>('retry');

/** Give up, as an update: refused without a reason or once the delivery has ended; answers with what happens now. */
export const giveUpUpdate = defineUpdate<OperatorAnswer, [GiveUpRequest]>('giveUp');
