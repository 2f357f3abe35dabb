import dns from 'node:dns/promises';
import net from 'node:net';
import type { Agents } from 'got';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { AddressBlockedError } from '../core/errors/address-blocked-error.js';
import type { AddressPolicy } from '../core/network/address-policy.js';

/** Keep-alive agents that send through one proxy (hpagent tunnels every request with CONNECT). */
export function createProxyAgents(proxy: string): { agents: Agents; destroy(): void } {
  const options = { proxy, keepAlive: true, maxSockets: 256 };
  const http = new HttpProxyAgent(options);
  const https = new HttpsProxyAgent(options);
  return {
    // got accepts only http, https and http2 keys in `agent`.
    agents: { http, https },
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}

/**
 * Behind a proxy the proxy resolves and connects, so the connect-time SSRF check cannot run.
 * This checks the target before the request leaves: an IP literal against the policy, a name
 * by resolving it here (best effort: when this machine cannot resolve it, the proxy decides,
 * and the proxy must enforce its own egress policy; see SECURITY.md).
 */
export async function checkProxiedTarget(policy: AddressPolicy, url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy.isAllowedHost(host)) return;
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return;
    }
  }
  for (const address of addresses) {
    const verdict = policy.check(address);
    if (!verdict.allowed) throw new AddressBlockedError(host, address, verdict.rule);
  }
}
