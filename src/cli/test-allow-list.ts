import type { NetworkAllowList } from '../core/network/address-policy.js';
import { allowListFromEnv, LOOPBACK_ALLOW_LIST, mergeAllowLists } from '../core/network/network-allow-list.js';

/**
 * What `leadwire test` may reach beyond public addresses: the network allow-list
 * (`LEADWIRE_ALLOW_NETWORKS`), plus loopback with `--local`, as `leadwire dev` opens it for its
 * worker. A test send runs in its own process, so it never inherits what `dev` opened.
 */
export function testAllowList(opts: { local?: boolean }, env: Record<string, string | undefined> = process.env): Required<NetworkAllowList> {
  const fromEnv = allowListFromEnv(env);
  return opts.local ? mergeAllowLists(LOOPBACK_ALLOW_LIST, fromEnv) : fromEnv;
}
