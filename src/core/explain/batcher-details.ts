import { clockTime, oneLine, plural } from './words.js';

/** What a batcher is doing, for its current details. `dueAt` is ISO 8601, from the workflow's clock. */
interface BatcherMoment {
  destination: string;
  batchSize: number;
  pending: number;
  dueAt?: string;
  dispatched: number;
}

/** The batcher's current details: how many leads wait, when they go, how many batches left. */
export function batcherDetails(m: BatcherMoment): string {
  const started = `${plural(m.dispatched, 'batch', 'batches')} started so far`;
  if (m.pending === 0) return `Collecting leads for ${m.destination}: none waiting; ${started}.`;
  const when = m.dueAt ? `the batch goes at ${clockTime(m.dueAt)} at the latest, or at ${m.batchSize} leads` : `the batch goes at ${m.batchSize} leads`;
  return `Collecting leads for ${m.destination}: ${plural(m.pending, 'lead')} waiting, ${when} (signal \`flush\` to send now); ${started}.`;
}

/** The batch window timer's summary. */
export function batchWindowSummary(dueAt: string): string {
  return oneLine(`batch window: send the open batch at ${clockTime(dueAt)}`);
}
