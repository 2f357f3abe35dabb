import type { LeadwireClient, StartedDelivery } from '../client/leadwire-client.js';
import type { DeliveryResult } from '../core/delivery/delivery-result.js';
import type { DeliveryStatus } from '../shared/delivery-status.js';

/** A delivery's end, or the moment it parks: parked, it waits for an operator, maybe for days. */
type WaitOutcome = { kind: 'done'; result: DeliveryResult } | { kind: 'parked'; status: DeliveryStatus };

/**
 * Waits for the result, but returns as soon as the delivery parks, so `deliver --wait` does
 * not sit for the park window. The status is looked at once a second (a parked delivery
 * raises no event a client could await).
 */
export async function waitForOutcome(client: LeadwireClient, started: StartedDelivery, pollMs = 1000): Promise<WaitOutcome> {
  let settled = false;
  // Abortable, so a parked delivery's pending long-poll does not keep the CLI alive.
  const abort = new AbortController();
  const done = client.temporal
    .withAbortSignal(abort.signal, () => started.result())
    .then((result): WaitOutcome => ({ kind: 'done', result }));
  done.catch(() => {});
  const parked = (async (): Promise<WaitOutcome | undefined> => {
    while (!settled) {
      await new Promise((r) => setTimeout(r, pollMs));
      if (settled) return undefined;
      const status = await client.status(started.deliveryId).catch(() => undefined);
      if (status?.parked) return { kind: 'parked', status };
    }
    return undefined;
  })();
  try {
    return await Promise.race([done, parked.then((p) => p ?? done)]);
  } finally {
    settled = true;
    abort.abort();
  }
}
