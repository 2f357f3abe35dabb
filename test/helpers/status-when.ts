import type { LeadwireClient } from '../../src/client/index.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import { waitFor } from './eventually.js';

/** Polls the delivery's status query (not the clock) until `done` holds for it; see eventually.ts for the bound. */
export function statusWhen(client: LeadwireClient, deliveryId: string, done: (s: DeliveryStatus) => boolean): Promise<DeliveryStatus> {
  return waitFor(`delivery ${deliveryId} reaching the expected state`, () => client.status(deliveryId), done, undefined, 50);
}
