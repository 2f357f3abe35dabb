import type { DeliveryStatus } from '../shared/delivery-status.js';

/** A delivery's live status for people: state, each attempt, what happens next and how to act. */
export function formatStatus(status: DeliveryStatus): string {
  const lead = status.batch?.lead;
  const state = status.result ? `${status.result.outcome} (${status.result.reason})` : lead?.outcome === 'pending' && status.batch?.batcherId ? 'waiting for its batch' : status.state;
  const lines = [`${status.deliveryId}: ${state}`];
  if (status.batch?.batcherId) lines.push(`  in batcher ${status.batch.batcherId}: ${lead?.reason ?? 'waiting for its batch to fill or its window to close'}`);
  if (status.batch?.batchId) {
    lines.push(`  sent in batch ${status.batch.batchId} (the attempts below are the batch request's)`);
    if (lead && lead.outcome !== 'pending' && !status.result) lines.push(`  this lead: ${lead.outcome}: ${lead.reason}`);
  }
  for (const a of status.attempts) {
    lines.push(`  #${a.attempt} ${a.startedAt} ${a.outcome.padEnd(7)} ${a.status !== undefined ? `HTTP ${a.status}` : (a.errorCode ?? '')} ${a.durationMs} ms - ${a.reason}`);
    if (a.detail) lines.push(`     ${a.detail}`);
  }
  if (!status.result && status.lastError) lines.push(`  last error: ${status.lastErrorCode ? `${status.lastErrorCode}: ` : ''}${status.lastError}`);
  if (status.nextAttemptAt) lines.push(`  next attempt at ${status.nextAttemptAt} (leadwire retry ${status.deliveryId} to go now)`);
  if (status.parked) {
    // A parked batch is acted on by its batch id: the operator decides for the whole request.
    const target = status.batch?.batchId ?? status.deliveryId;
    lines.push(`  PARKED until ${status.parkedUntil}: retries are exhausted.`);
    lines.push(`  act: leadwire retry ${target} [--config fixed.yaml]  |  leadwire abandon ${target} --reason "..."`);
  }
  return lines.join('\n');
}
