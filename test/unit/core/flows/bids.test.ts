import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../../../../src/core/delivery/delivery-result.js';
import { bidFromPing, bidIsValid, leadForPost, rankBids, type Bid } from '../../../../src/core/flows/bids.js';
import { saleSummary } from '../../../../src/core/flows/flow-result.js';

const ping = (extra: Partial<DeliveryResult>): DeliveryResult => ({ deliveryId: 'd', destination: 'p', leadId: 'l', outcome: 'success', reason: 'ok', fields: { ping_id: 'P-1' }, attempts: [], ...extra });
const T0 = Date.parse('2026-11-30T14:00:00Z');

describe('bids from pings', () => {
  it('a successful ping with a price is a bid, valid for bid_ttl from its arrival', () => {
    const answer = bidFromPing('acme', ping({ price: 12.5 }), T0, T0 + 300, 60_000);
    expect(answer).toEqual({
      bid: { buyer: 'acme', price: 12.5, receivedAt: '2026-11-30T14:00:00.300Z', expiresAt: '2026-11-30T14:01:00.300Z', durationMs: 300, fields: { ping_id: 'P-1' } },
    });
    const bid = (answer as { bid: Bid }).bid;
    expect(bidIsValid(bid, T0 + 60_299)).toBe(true);
    expect(bidIsValid(bid, T0 + 60_300)).toBe(false);
  });

  it('anything else is no bid, with the reason', () => {
    expect(bidFromPing('a', ping({ outcome: 'failure', reason: 'HTTP 400' }), T0, T0, 1)).toEqual({ reason: 'no bid: the ping ended failure (HTTP 400)' });
    expect(bidFromPing('a', ping({}), T0, T0, 1)).toEqual({ reason: "no bid: the ping response held no price (check the ping's `price` rule)" });
    expect(bidFromPing('a', ping({ price: 0 }), T0, T0, 1)).toEqual({ reason: 'no bid: the buyer passed (price 0)' });
  });

  it('ranks by price, then arrival, then the flow’s buyer order; bids under the floor are set apart', () => {
    const bid = (buyer: string, price: number, ms: number): Bid => ({ buyer, price, receivedAt: new Date(T0 + ms).toISOString(), expiresAt: new Date(T0 + 1e6).toISOString(), durationMs: ms, fields: {} });
    const { ranked, belowFloor } = rankBids([bid('c', 10, 5), bid('a', 10, 5), bid('b', 10, 1), bid('d', 30, 9), bid('e', 2, 0)], ['a', 'b', 'c', 'd', 'e'], 5);
    expect(ranked.map((b) => b.buyer)).toEqual(['d', 'b', 'a', 'c']);
    expect(belowFloor.map((b) => b.buyer)).toEqual(['e']);
  });

  it('the post sees the winning ping’s answer as `ping`', () => {
    const bid: Bid = { buyer: 'a', price: 7, receivedAt: '', expiresAt: '', durationMs: 1, fields: { ping_id: 'P-9' }, reference: 'R' };
    expect(leadForPost({ id: 'l', email: 'x@example.com' }, bid)).toEqual({ id: 'l', email: 'x@example.com', ping: { price: 7, fields: { ping_id: 'P-9' }, reference: 'R' } });
  });
});

describe('sale summary', () => {
  it('names the first accepting buyer the winner, its bid (else its post price) the sale price', () => {
    const step = (outcome: 'success' | 'failure', price?: number) => ({ deliveryId: 'x', outcome, reason: '', startedAt: '', ...(price !== undefined ? { price } : {}) });
    const buyers = [
      { buyer: 'a', eligible: true, sold: false, post: step('failure') },
      { buyer: 'b', eligible: true, sold: true, post: step('success', 3), bid: { buyer: 'b', price: 9.1, receivedAt: '', expiresAt: '', durationMs: 0, fields: {} } },
      { buyer: 'c', eligible: true, sold: true, post: step('success', 4.25) },
    ];
    const posts = buyers.map((b) => ({ buyer: b.buyer, ...b.post }));
    expect(saleSummary(buyers, posts)).toEqual({ outcome: 'sold', soldTo: ['b', 'c'], winner: 'b', salePrice: 9.1, totalPrice: 13.35 });
    expect(saleSummary([], [])).toEqual({ outcome: 'unsold', soldTo: [] });
  });
});
