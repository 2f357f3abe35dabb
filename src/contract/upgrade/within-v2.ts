import { DEFAULT_PING_TIMEOUT_MS, defaultAuctionTimeoutMs } from '../defaults.js';
import type { DistributeLeadInput } from '../workflow-inputs.js';
import { countOr, storedObject } from './read-stored.js';

// Options version 2 gained after messages were already recorded under it. Each is optional at
// rest (a version 2 message stored before the option lacks it, and needs no new version for it:
// docs/development.md, "The stored contract"); the default is supplied here, once, so the code
// past the upgrade sees it decided. A message that has the option is returned as it is.

/**
 * A distribution stored before `auction_timeout` existed: its auction waits at most the
 * default for its `ping_timeout` (twice it plus 30 s). One whose value is not a whole number of
 * milliseconds (written by hand) gets the same.
 */
export function distributeLeadInputWithinV2(input: DistributeLeadInput): DistributeLeadInput {
  if (input === null || typeof input !== 'object' || input.flow === null || typeof input.flow !== 'object') return input;
  const flow = storedObject(input.flow);
  if (countOr(flow.auction_timeout, 1, 0) > 0) return input;
  const auctionTimeout = defaultAuctionTimeoutMs(countOr(flow.ping_timeout, 1, DEFAULT_PING_TIMEOUT_MS));
  return { ...input, flow: { ...input.flow, auction_timeout: auctionTimeout } };
}
