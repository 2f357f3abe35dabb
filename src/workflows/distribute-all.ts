import type { Distribution } from './distribution.js';

/**
 * `all` (fan-out) in rounds: post at once to as many eligible buyers as max_buyers still allows;
 * a rejection (or a full cap) makes room for the next eligible buyer in the next round.
 */
export async function distributeToAll(d: Distribution, eligible: number[]): Promise<void> {
  const limit = d.flow.max_buyers ?? Number.POSITIVE_INFINITY;
  const waiting = [...eligible];
  while (waiting.length > 0 && d.sold() < limit) {
    const round = waiting.splice(0, limit - d.sold());
    await Promise.all(round.map((i) => d.post(i, d.lead)));
  }
  for (const i of waiting) d.leaveOut(i, `not offered: max_buyers ${d.flow.max_buyers} reached (sold to ${d.soldTo()})`);
}
