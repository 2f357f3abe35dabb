import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CapDecision, CapLedger } from '../contract/cap-records.js';
import type { FlowResult } from '../contract/flow-records.js';
import type { ReserveCapRequestV1, SettleCapRequestV1 } from '../contract/v1/messages-v1.js';
import type { ReserveCapRequest, SettleCapRequest } from '../contract/workflow-messages.js';

export type { BuyerCapsInput, DistributeLeadInput } from '../contract/workflow-inputs.js';

/** Reserve a place under a buyer's caps, or be refused: granted or refused atomically, one request at a time. */
export const reserveCapUpdate = defineUpdate<CapDecision, [ReserveCapRequest | ReserveCapRequestV1]>('reserve');
/** Give a held place back (the post was rejected). */
export const releaseCapUpdate = defineUpdate<boolean, [SettleCapRequest | SettleCapRequestV1]>('release');
/** Mark a held place as sold (the post was accepted). */
export const confirmCapUpdate = defineUpdate<boolean, [SettleCapRequest | SettleCapRequestV1]>('confirm');
/** The buyer's counters and reservations. */
export const capLedgerQuery = defineQuery<CapLedger>('ledger');

/** The distribution so far: buyers, bids and posts (the result record, while it is being written). */
export const flowStatusQuery = defineQuery<Partial<FlowResult>>('flowStatus');
