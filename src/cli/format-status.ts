import type { DeliveryStatus } from '../shared/delivery-status.js';

/** A delivery's live status for people: state, each attempt, what happens next and how to act. */
export function formatStatus(status: DeliveryStatus): string {
  const lines = [`${status.deliveryId}: ${status.result ? `${status.result.outcome} (${status.result.reason})` : status.state}`];
  for (const a of status.attempts) {
    lines.push(`  #${a.attempt} ${a.startedAt} ${a.outcome.padEnd(7)} ${a.status !== undefined ? `HTTP ${a.status}` : (a.errorCode ?? '')} ${a.durationMs} ms - ${a.reason}`);
  }
  if (!status.result && status.lastError) lines.push(`  last error: ${status.lastErrorCode ? `${status.lastErrorCode}: ` : ''}${status.lastError}`);
  if (status.nextAttemptAt) lines.push(`  next attempt at ${status.nextAttemptAt} (leadwire retry ${status.deliveryId} to go now)`);
  if (status.parked) {
    lines.push(`  PARKED until ${status.parkedUntil}: retries are exhausted.`);
    lines.push(`  act: leadwire retry ${status.deliveryId} [--config fixed.yaml]  |  leadwire abandon ${status.deliveryId} --reason "..."`);
  }
  return lines.join('\n');
}
