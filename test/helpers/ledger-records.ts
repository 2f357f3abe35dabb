import type { AttemptRecord, DeliveryResult } from '../../src/core/delivery/delivery-result.js';
import type { FlowResult } from '../../src/core/flows/flow-result.js';
import type { LeadProtection } from '../../src/ledger/records/lead-protection.js';

/** A fixed ledger hash key and settings for the unit tests. */
export const TEST_PROTECTION: LeadProtection = { hashKey: Buffer.alloc(32, 7), keys: ['email', 'phone'], fields: ['state', 'utm.source'] };

/** One attempt that started at `startedAt` and took `durationMs`. */
export function attempt(n: number, startedAt: string, durationMs: number, status: number | undefined, outcome: AttemptRecord['outcome']): AttemptRecord {
  return { attempt: n, startedAt, durationMs, url: 'http://127.0.0.1/leads', ...(status !== undefined ? { status } : {}), outcome, reason: `${outcome} (${status ?? 'no response'})` };
}

/** A DeliveryResult with sensible defaults: accepted on its first attempt, 250 ms after `at`. */
export function deliveryResult(overrides: Partial<DeliveryResult> & { at?: string } = {}): DeliveryResult {
  const at = overrides.at ?? '2026-03-01T10:00:00.000Z';
  const { at: _at, ...rest } = overrides;
  return {
    deliveryId: 'acme--L1',
    destination: 'Acme CRM',
    leadId: 'L1',
    outcome: 'success',
    reason: 'accepted (201)',
    fields: {},
    attempts: [attempt(1, at, 250, 201, 'success')],
    finishedAt: new Date(Date.parse(at) + 250).toISOString(),
    ...rest,
  };
}

/** A ping_post distribution of lead `leadId` sold to `winner` at `price`, with a second buyer that was outbid. */
export function flowResult(leadId: string, winner: string, price: number, startedAt = '2026-03-01T10:00:00.000Z'): FlowResult {
  const distributionId = `flow-auto--${leadId}`;
  const post = { deliveryId: `${distributionId}--${winner}--post`, outcome: 'success' as const, reason: 'accepted', startedAt, finishedAt: startedAt, status: 200, price: price + 5 };
  const bid = (buyer: string, p: number) => ({ buyer, price: p, receivedAt: startedAt, expiresAt: startedAt, durationMs: 10, fields: {} });
  return {
    distributionId,
    flow: 'Auto',
    strategy: 'ping_post',
    sale: 'exclusive',
    leadId,
    outcome: 'sold',
    buyers: [
      { buyer: winner, eligible: true, bid: bid(winner, price), post, sold: true },
      { buyer: 'Runner Up', eligible: true, bid: bid('Runner Up', price - 1), sold: false, skipped: 'outbid' },
      { buyer: 'Capped', eligible: false, skipped: 'cap reached (per_day 10)', sold: false },
    ],
    bids: [bid(winner, price), bid('Runner Up', price - 1)],
    winner,
    soldTo: [winner],
    salePrice: price,
    totalPrice: price,
    posts: [{ ...post, buyer: winner }],
    startedAt,
    finishedAt: startedAt,
  };
}
