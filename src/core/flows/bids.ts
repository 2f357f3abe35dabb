import type { DeliveryResult } from '../../contract/delivery-record.js';
import type { Bid } from '../../contract/flow-records.js';
import type { JsonValue, Lead } from '../../contract/lead.js';

export type { Bid };

type PingAnswer = { bid: Bid } | { reason: string };

/**
 * Reads a bid from a finished ping: a successful ping (by the ping's own success rules) whose
 * `price` rule found a price above 0. Anything else is no bid, with the reason.
 */
export function bidFromPing(buyer: string, ping: DeliveryResult, sentAtMs: number, receivedAtMs: number, bidTtlMs: number): PingAnswer {
  if (ping.outcome !== 'success') return { reason: `no bid: the ping ended ${ping.outcome} (${ping.reason})` };
  if (ping.price === undefined || !Number.isFinite(ping.price)) return { reason: 'no bid: the ping response held no price (check the ping\'s `price` rule)' };
  if (ping.price <= 0) return { reason: `no bid: the buyer passed (price ${ping.price})` };
  return {
    bid: {
      buyer,
      price: ping.price,
      receivedAt: new Date(receivedAtMs).toISOString(),
      expiresAt: new Date(receivedAtMs + bidTtlMs).toISOString(),
      durationMs: Math.max(0, receivedAtMs - sentAtMs),
      fields: ping.fields,
      ...(ping.reference !== undefined ? { reference: ping.reference } : {}),
    },
  };
}

/**
 * Bids best first: highest price, then the earliest to arrive, then the buyer listed first.
 * Bids under `floor` are set apart, not ranked.
 */
export function rankBids(bids: readonly Bid[], buyerOrder: readonly string[], floor?: number): { ranked: Bid[]; belowFloor: Bid[] } {
  const belowFloor = floor === undefined ? [] : bids.filter((b) => b.price < floor);
  const ranked = bids
    .filter((b) => floor === undefined || b.price >= floor)
    .sort((a, b) => b.price - a.price || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || buyerOrder.indexOf(a.buyer) - buyerOrder.indexOf(b.buyer));
  return { ranked, belowFloor };
}

/**
 * When the buyer was actually asked and when it answered: the send and the answer of the ping's
 * last attempt (the one that gave its record), on the clock of the worker that sent it. The
 * ping child may have started late (its first workflow task waited for a worker), so these,
 * not the auction's start, are what the bid's duration and age are measured from. Undefined for
 * a ping that made no attempt.
 */
export function pingAnswerTimes(ping: Pick<DeliveryResult, 'attempts'>): { sentAtMs: number; receivedAtMs: number } | undefined {
  const last = ping.attempts.at(-1);
  if (!last) return undefined;
  const sentAtMs = Date.parse(last.startedAt);
  if (!Number.isFinite(sentAtMs)) return undefined;
  return { sentAtMs, receivedAtMs: sentAtMs + Math.max(0, last.durationMs) };
}

/** Whether a bid still holds at `nowMs`. */
export const bidIsValid = (bid: Bid, nowMs: number): boolean => nowMs < Date.parse(bid.expiresAt);

/**
 * The lead the post is rendered with: the full lead, plus the winning buyer's ping answer as
 * `ping` (`{{ ping.fields.ping_id }}`, `{{ ping.price }}`).
 */
export function leadForPost(lead: Lead, bid: Bid): Lead {
  return { ...lead, ping: { price: bid.price, fields: bid.fields as Record<string, JsonValue>, ...(bid.reference !== undefined ? { reference: bid.reference } : {}) } };
}
