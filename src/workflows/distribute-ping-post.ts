import { CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import type { DeliveryResult } from '../contract/delivery-record.js';
import { bidFromPing, bidIsValid, leadForPost, pingAnswerTimes, rankBids, type Bid } from '../core/flows/bids.js';
import { pingCutByWindow } from '../core/flows/ping-window.js';
import { describeChildFailure } from './child-failure.js';
import { iso, type Distribution } from './distribution.js';
import { capRoomForPing } from './flow-caps.js';
import { PING_WINDOW_FROM_SEND } from './flow-patches.js';

/**
 * `ping_post` (auction): pings every eligible buyer, then posts to the bidders best first
 * until max_sales buyers bought the lead (a bid that expired before its turn is passed over).
 */
export async function distributePingPost(d: Distribution, eligible: number[]): Promise<void> {
  const maxSales = d.flow.max_sales ?? Number.POSITIVE_INFINITY;
  d.bids = await auction(d, eligible);
  for (const bid of d.bids) {
    const i = d.indexOf(bid.buyer);
    if (d.sold() >= maxSales) {
      d.leaveOut(i, `outbid: sold to ${d.soldTo()}`);
      continue;
    }
    if (!bidIsValid(bid, Date.now())) {
      d.leaveOut(i, `bid expired at ${bid.expiresAt} (bid_ttl ${d.flow.bid_ttl} ms) before its turn`);
      continue;
    }
    await d.post(i, leadForPost(d.lead, bid));
  }
}

/** The eligible buyers whose caps have room for a ping, in order; the others are left out with the reason. */
async function buyersWithRoom(d: Distribution, eligible: number[]): Promise<number[]> {
  const pinged: number[] = [];
  for (const i of eligible) {
    const buyer = d.flow.buyers[i]!;
    if (buyer.caps) {
      const room = await capRoomForPing(buyer.name, buyer.caps);
      if (!room.granted) {
        d.leaveOut(i, room.reason);
        continue;
      }
    }
    pinged.push(i);
  }
  return pinged;
}

/** One auction's round of pings: when they went out, whether it still takes answers, and the bids so far. */
interface PingRound {
  fromSend: boolean;
  atTheDeadline: ReturnType<typeof cancelledAtDeadline>;
  sentAtMs: number;
  sentAt: string;
  open: boolean;
  answered: number;
  got: Bid[];
}

/** Pings every eligible buyer at once and returns the bids that arrived by the deadline, best first. */
async function auction(d: Distribution, eligible: number[]): Promise<Bid[]> {
  const pinged = await buyersWithRoom(d, eligible);
  // Each buyer's window opens at its ping's own send (the ping enforces it), and the auction
  // waits for every ping until its own deadline. Auctions started before: one ping_timeout.
  const fromSend = patched(PING_WINDOW_FROM_SEND);
  const deadlineMs = fromSend ? d.flow.auction_timeout : d.flow.ping_timeout;
  const sentAtMs = Date.now();
  const round: PingRound = { fromSend, atTheDeadline: cancelledAtDeadline(fromSend, deadlineMs), sentAtMs, sentAt: iso(sentAtMs), open: true, answered: 0, got: [] };
  const scope = new CancellationScope();
  const pings = pinged.map((i) =>
    scope
      .run(() => d.child(d.flow.buyers[i]!, 'ping', d.lead, true, fromSend ? d.flow.ping_timeout : undefined))
      .then(
        (result) => pingAnswered(d, round, i, result),
        (err: unknown) => pingFailed(d, round, i, err),
      ),
  );
  // The deadline is a durable timer: a worker restart resumes the wait, it does not restart it.
  await condition(() => round.answered === pinged.length, deadlineMs);
  round.open = false;
  if (round.answered < pinged.length) {
    scope.cancel();
    await Promise.all(pings);
  }
  const { ranked, belowFloor } = rankBids(round.got, d.flow.buyers.map((b) => b.name), d.flow.floor);
  for (const bid of belowFloor) d.leaveOut(d.indexOf(bid.buyer), `bid ${bid.price} is below the floor ${d.flow.floor}`);
  return ranked;
}

/** Records buyer `i`'s ping answer and, while the auction is open, its bid (or why it has none). */
function pingAnswered(d: Distribution, round: PingRound, i: number, result: DeliveryResult): void {
  const buyer = d.flow.buyers[i]!;
  const record = d.buyers[i]!;
  record.ping = d.stepOf(d.deliveryIdOf(buyer, 'ping'), round.sentAt, result);
  if (!round.open) return;
  round.answered++;
  if (result.outcome === 'skipped') {
    d.leaveOut(i, `skip rule: ${result.reason}`);
    return;
  }
  record.eligible = true;
  // Timed from the ping's own send and its buyer's answer, not from the auction's start.
  const times = round.fromSend ? pingAnswerTimes(result) : undefined;
  const answer = bidFromPing(buyer.name, result, times?.sentAtMs ?? round.sentAtMs, times?.receivedAtMs ?? Date.now(), d.flow.bid_ttl);
  if ('bid' in answer) {
    record.bid = answer.bid;
    round.got.push(answer.bid);
  } else
    d.leaveOut(
      i,
      round.fromSend && pingCutByWindow(result, d.flow.ping_timeout, buyer.ping!.timeout) ? `no bid within ping_timeout (${d.flow.ping_timeout} ms)` : answer.reason,
    );
}

/** No bid from buyer `i`: its ping was cancelled at the deadline, could not start, or failed. Which one is recorded. */
function pingFailed(d: Distribution, round: PingRound, i: number, err: unknown): void {
  const record = d.buyers[i]!;
  const deliveryId = d.deliveryIdOf(d.flow.buyers[i]!, 'ping');
  record.eligible = true;
  const atDeadline = !round.open && isCancellation(err);
  const failure = atDeadline ? round.atTheDeadline : describeChildFailure(err, 'ping', deliveryId);
  record.ping ??= { deliveryId, outcome: failure.outcome, reason: failure.reason, errorCode: failure.errorCode, startedAt: round.sentAt, finishedAt: iso() };
  if (round.open) round.answered++;
  d.leaveOut(i, atDeadline ? round.atTheDeadline.skipped : `no bid: ${failure.reason}`);
}

/** What a ping still out at the auction's deadline is recorded as (its ping, and why its buyer has no bid). */
function cancelledAtDeadline(fromSend: boolean, ms: number) {
  const option = fromSend ? 'auction_timeout' : 'ping_timeout';
  return {
    outcome: 'cancelled' as const,
    reason: `no answer within ${option} (${ms} ms): cancelled at the ${fromSend ? "auction's " : ''}deadline`,
    errorCode: fromSend ? ('AUCTION_TIMEOUT' as const) : ('PING_TIMEOUT' as const),
    skipped: `no bid within ${option} (${ms} ms)`,
  };
}
