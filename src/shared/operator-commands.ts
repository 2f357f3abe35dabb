import type { GiveUpRequestV1 } from '../contract/v1/messages-v1.js';
import type { GiveUpRequest } from '../contract/workflow-messages.js';

export type { OperatorAnswer, RetryArgument } from '../contract/workflow-messages.js';

/** What the `giveUp` update and signal take: today's request, or version 1's (`{"reason": ...}`, what a hand-sent one is). */
export type GiveUpArgument = GiveUpRequest | GiveUpRequestV1;

/** The `type` of the failure an operator update is refused with, for a delivery that has already ended. */
export const DELIVERY_ENDED = 'DELIVERY_ENDED';
