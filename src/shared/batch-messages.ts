import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AddLeadsRequest } from '../contract/workflow-messages.js';
import type { BatcherStatus, BatchLeadRecord, BatchStatus } from './batch-types.js';

/** Adds leads to a batcher (many per signal: a bulk submit is a few signals, not one per lead). */
export const addLeadsSignal = defineSignal<[AddLeadsRequest]>('addLeads');
/** Sends whatever is waiting now (graceful shutdown, or an operator in a hurry). */
export const flushSignal = defineSignal('flush');
export const batcherStatusQuery = defineQuery<BatcherStatus>('batcherStatus');
/** A lead still waiting in the batcher, or null. */
export const pendingLeadQuery = defineQuery<BatchLeadRecord | null, [string]>('pendingLead');

export const batchStatusQuery = defineQuery<BatchStatus>('batchStatus');
/** One lead's line in a batch, or null when the lead is not in it. */
export const batchLeadQuery = defineQuery<BatchLeadRecord | null, [string]>('batchLead');

/** What the Web UI lists beside each batch and batcher handler. */
export const batchHandlerDescriptions = {
  addLeads: 'Adds leads to this batcher (leadwire sends this signal; duplicates by delivery id are dropped).',
  flush: 'Sends every lead waiting in this batcher now, without waiting for the batch size or timeout. Input: none.',
  batcherStatus: 'The batcher: its destination, how many leads wait, when the open batch is due, batches started so far.',
  pendingLead: 'One lead still waiting in this batcher, by delivery id, or null.',
  batchStatus: 'Live status of the batch: its state, attempts, last error, next attempt or park deadline, and every lead\'s line.',
  batchLead: 'One lead\'s line in this batch (outcome and reason), by delivery id, or null.',
} as const;
