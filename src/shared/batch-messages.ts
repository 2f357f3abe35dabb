import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BatchEntry } from '../core/batch/batch-entry.js';
import type { BatcherStatus, BatchLeadRecord, BatchStatus } from './batch-types.js';

/** Adds leads to a batcher (many per signal: a bulk submit is a few signals, not one per lead). */
export const addLeadsSignal = defineSignal<[BatchEntry[]]>('addLeads');
/** Sends whatever is waiting now (graceful shutdown, or an operator in a hurry). */
export const flushSignal = defineSignal('flush');
export const batcherStatusQuery = defineQuery<BatcherStatus>('batcherStatus');
/** A lead still waiting in the batcher, or null. */
export const pendingLeadQuery = defineQuery<BatchLeadRecord | null, [string]>('pendingLead');

export const batchStatusQuery = defineQuery<BatchStatus>('batchStatus');
/** One lead's line in a batch, or null when the lead is not in it. */
export const batchLeadQuery = defineQuery<BatchLeadRecord | null, [string]>('batchLead');
