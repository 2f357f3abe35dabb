import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Flow } from '../core/flows/flow.js';
import type { CapDecision, CapLedger, CapRequest } from '../core/flows/cap-ledger.js';
import type { FlowResult } from '../core/flows/flow-result.js';
import type { Lead } from '../core/lead/lead.js';

/** What a distributeLead workflow starts with. Secret references stay unresolved in it. */
export interface DistributeLeadInput {
  flow: Flow;
  lead: Lead;
  distributionId: string;
  leadId: string;
}

/** What a buyer's cap entity workflow (`cap:<buyer>`) starts, or continues as new, with. */
export interface BuyerCapsInput {
  buyer: string;
  ledger?: CapLedger;
  /** Continue as new past this many history events (default 2000; tests lower it). */
  maxHistory?: number;
}

/** Reserve a place under a buyer's caps, or be refused: granted or refused atomically, one request at a time. */
export const reserveCapUpdate = defineUpdate<CapDecision, [CapRequest]>('reserve');
/** Give a held place back (the post was rejected). */
export const releaseCapUpdate = defineUpdate<boolean, [{ id: string }]>('release');
/** Mark a held place as sold (the post was accepted). */
export const confirmCapUpdate = defineUpdate<boolean, [{ id: string }]>('confirm');
/** The buyer's counters and reservations. */
export const capLedgerQuery = defineQuery<CapLedger>('ledger');

/** The distribution so far: buyers, bids and posts (the result record, while it is being written). */
export const flowStatusQuery = defineQuery<Partial<FlowResult>>('flowStatus');
