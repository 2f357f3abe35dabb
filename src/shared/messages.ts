import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeliveryStatus } from './delivery-status.js';
import type { GiveUpRequest, RetryRequest } from './operator-commands.js';

/** Live status of a delivery: attempts so far, last error, next retry time, parked or not. */
export const statusQuery = defineQuery<DeliveryStatus>('status');

/**
 * Retry now: skips a running retry wait or wakes a parked delivery. With a destination,
 * that config is used from this attempt on, and the retry budget starts again.
 */
export const retrySignal = defineSignal<[RetryRequest]>('retry');

/** Give up: a waiting or parked delivery ends now with its last failed outcome. */
export const giveUpSignal = defineSignal<[GiveUpRequest]>('giveUp');
