import type { DeliveryStatus } from '../shared/delivery-status.js';
import { countOf } from './plural.js';

/** A parked delivery for a terminal: why it stopped, until when it waits, and the two commands that end the wait. */
export function formatParkedLines(leadId: string, deliveryId: string, status: DeliveryStatus): string[] {
  return [
    `- parked    ${leadId.padEnd(16)} ${status.lastError ?? 'retries exhausted'} (${countOf(status.attempts.length, 'attempt')}); waits for an operator until ${status.parkedUntil}`,
    `  act: leadwire retry ${deliveryId} [--config fixed.yaml]  |  leadwire abandon ${deliveryId} --reason "..."`,
  ];
}

/** A parked delivery as `--json` prints it. */
export function parkedJson(deliveryId: string, status: DeliveryStatus) {
  return { deliveryId, state: 'parked' as const, parkedUntil: status.parkedUntil, lastError: status.lastError, lastErrorCode: status.lastErrorCode, attempts: status.attempts };
}
