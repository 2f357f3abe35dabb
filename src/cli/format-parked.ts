import type { DeliveryStatus } from '../shared/delivery-status.js';
import { ownErrorCode } from '../core/explain/own-error-code.js';
import { countOf } from './plural.js';

/** A parked delivery for a terminal: why it stopped (its error code first, as in docs/errors.md), until when it waits, and the two commands that end the wait. */
export function formatParkedLines(leadId: string, deliveryId: string, status: DeliveryStatus): string[] {
  return [
    `- parked    ${leadId.padEnd(16)} ${codePrefix(status)}${status.lastError ?? 'retries exhausted'} (${countOf(status.attempts.length, 'attempt')}); waits for an operator until ${status.parkedUntil}`,
    `  act: leadwire retry ${deliveryId} [--config fixed.yaml]  |  leadwire abandon ${deliveryId} --reason "..."`,
  ];
}

/** A parked delivery as `--json` prints it. */
export function parkedJson(deliveryId: string, status: DeliveryStatus) {
  return { deliveryId, state: 'parked' as const, parkedUntil: status.parkedUntil, lastError: status.lastError, lastErrorCode: status.lastErrorCode, attempts: status.attempts };
}

/** `[SECRET_MISSING] `: the code to look up in docs/errors.md, unless the last HTTP status says it. */
function codePrefix(status: DeliveryStatus): string {
  const code = ownErrorCode(status.attempts.at(-1)?.status, status.lastErrorCode);
  return code ? `[${code}] ` : '';
}
