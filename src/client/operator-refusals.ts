import type { WorkflowUpdateFailedError } from '@temporalio/client';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';
import { toErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { DELIVERY_ENDED } from '../shared/operator-commands.js';

/** The refusal of an action on a delivery that has ended (`outcome`: how, when known). */
export function endedError(deliveryId: string, what: string, outcome?: string): LeadwireError {
  return new LeadwireError(
    DELIVERY_ENDED,
    `Delivery ${deliveryId} has already ended${outcome ? ` as ${outcome}` : ''}: there is nothing to ${what}. See its record with \`leadwire status ${deliveryId}\`; to send the lead again, start a new delivery with another id (\`leadwire deliver <file> --lead ... --delivery-id <new id>\`).`,
  );
}

/** A delivery's validator refused the action: an invalid corrected destination, a missing reason, an ended delivery. */
export function refusal(deliveryId: string, what: string, err: WorkflowUpdateFailedError): LeadwireError {
  const cause = err.cause as (Error & { type?: string | null; details?: unknown[] }) | undefined;
  const type = cause?.type ?? undefined;
  if (type === DELIVERY_ENDED) return endedError(deliveryId, what);
  if (/no registered handler for update/i.test(cause?.message ?? '')) {
    return new LeadwireError(
      'WORKER_TOO_OLD',
      `The worker running ${deliveryId} predates leadwire's operator updates. Upgrade the workers, or send the signal by hand: \`temporal workflow signal --workflow-id ${deliveryId} --name ${what === 'retry' ? 'retry' : 'giveUp'} --input '{...}'\`.`,
    );
  }
  if (type === 'CONFIG_INVALID' && Array.isArray(cause?.details?.[0])) return new ConfigError(`corrected destination for ${deliveryId}`, cause.details[0] as ConfigIssue[]);
  return new LeadwireError(toErrorCode(type, 'ACTION_REFUSED'), `Delivery ${deliveryId} refused the ${what}: ${cause?.message ?? err.message}`);
}
