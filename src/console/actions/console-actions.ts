import type { DestinationInput } from '../../config/destination-schema.js';

/** What the console tells an operator after an action: what the delivery does now, in words. */
export interface ActionAnswer {
  deliveryId: string;
  ok: boolean;
  /** The delivery's own answer, or why the action was refused. */
  message: string;
  /** For a refused corrected destination: every problem by path. */
  issues?: { path: string; message: string }[];
}

export type BulkAction = 'retry' | 'give-up';

/**
 * What an operator can do from the console. Today every action goes through the client's
 * validated operator updates (src/client/operator-actions.ts); pause and resume of a
 * destination or buyer join when issue 23 lands.
 */
export interface ConsoleActions {
  /** Whether a corrected destination may be sent with a retry (`leadwire serve --allow-retry-config`). */
  readonly allowRetryConfig: boolean;
  retry(deliveryId: string, by: string): Promise<ActionAnswer>;
  retryWithDestination(deliveryId: string, destination: DestinationInput, by: string): Promise<ActionAnswer>;
  giveUp(deliveryId: string, reason: string, by: string): Promise<ActionAnswer>;
  cancel(deliveryId: string, by: string): Promise<ActionAnswer>;
  /** The same action on many deliveries, one after the other; one answer each. */
  bulk(action: BulkAction, deliveryIds: readonly string[], options: { reason?: string; by: string }): Promise<ActionAnswer[]>;
}
