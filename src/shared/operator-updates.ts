import { defineUpdate } from '@temporalio/workflow';
import type { GiveUpArgument, OperatorAnswer, RetryArgument } from './operator-commands.js';

/**
 * Retry now, as an update (the `retry` signal of the same name stays, unchecked and unanswered):
 * a validator refuses an ended delivery or a malformed corrected destination before anything is
 * written to history; the answer says what happens now.
 */
export const retryUpdate = defineUpdate<OperatorAnswer, [RetryArgument]>('retry');

/** Give up, as an update: refused without a reason or once the delivery has ended; answers with what happens now. */
export const giveUpUpdate = defineUpdate<OperatorAnswer, [GiveUpArgument]>('giveUp');
