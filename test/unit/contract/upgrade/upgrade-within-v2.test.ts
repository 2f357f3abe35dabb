import { describe, expect, it } from 'vitest';
import { defaultAuctionTimeoutMs } from '../../../../src/contract/defaults.js';
import { upgrade } from '../../../../src/contract/upgrade/upgrade.js';
import { CONTRACT_VERSION } from '../../../../src/contract/version.js';
import { recordedMessages } from './recorded-messages.js';

/** Histories recorded under version 2 before `auction_timeout` existed (d36a7c4). */
const VERSION_2_BEFORE_AUCTION_TIMEOUT = ['0.1.0-d36a7c4'];

describe('a version 2 distribution stored before auction_timeout existed', () => {
  it('waits the default for its ping_timeout: twice it plus 30 s', async () => {
    const inputs = (await recordedMessages(VERSION_2_BEFORE_AUCTION_TIMEOUT)).filter((m) => m.kind === 'distributeLeadInput');
    expect(inputs.length).toBeGreaterThan(0);
    for (const { value, where } of inputs) {
      const stored = value as { v: number; flow: { ping_timeout: number; auction_timeout?: number } };
      expect(stored.v, where).toBe(CONTRACT_VERSION);
      expect(stored.flow.auction_timeout, where).toBeUndefined();
      const input = upgrade.distributeLeadInput(stored);
      expect(input.flow.auction_timeout, where).toBe(defaultAuctionTimeoutMs(stored.flow.ping_timeout));
      expect({ ...input.flow, auction_timeout: undefined }, where).toEqual({ ...stored.flow, auction_timeout: undefined });
      // Upgrading it again changes nothing.
      expect(upgrade.distributeLeadInput(input), where).toBe(input);
    }
    expect(defaultAuctionTimeoutMs(5000)).toBe(40_000);
  });

  it('keeps an auction_timeout it has; one that is not a whole number of milliseconds gets the default', () => {
    const input = (auction_timeout: unknown) => ({ v: CONTRACT_VERSION, flow: { name: 'f', strategy: 'ping_post', sale: 'exclusive', ping_timeout: 2000, bid_ttl: 60_000, buyers: [], auction_timeout }, lead: {}, distributionId: 'd', leadId: 'l' });
    const kept = input(9000);
    expect(upgrade.distributeLeadInput(kept)).toBe(kept);
    expect(upgrade.distributeLeadInput(input('9000')).flow.auction_timeout).toBe(34_000);
    expect(upgrade.distributeLeadInput(input(0)).flow.auction_timeout).toBe(34_000);
  });
});
