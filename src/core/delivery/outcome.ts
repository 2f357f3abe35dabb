/**
 * How a delivery ended.
 * - success: the destination accepted the lead.
 * - failure: the destination answered and rejected it (4xx, or a body that says no).
 * - error: it could not be delivered (network, timeout, 5xx, bad config, missing secret).
 * - skipped: a rule said not to send it; no request was made.
 * - cancelled: an operator cancelled the delivery.
 */
export type Outcome = 'success' | 'failure' | 'error' | 'skipped' | 'cancelled';

export const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'error', 'skipped', 'cancelled'];
