import dns from 'node:dns/promises';
import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Agents } from 'got';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { AddressBlockedError } from '../core/errors/address-blocked-error.js';
import type { AddressPolicy } from '../core/network/address-policy.js';

type Oncreate = (err: Error | null, socket?: Duplex | null) => void;

/**
 * Keep-alive agents that send through one proxy (hpagent tunnels every request with CONNECT),
 * each tunnel checked against the SSRF policy before the proxy is asked for it: the first URL,
 * every redirect hop and every OAuth2 token URL alike, since all of them open their tunnels here.
 */
export function createProxyAgents(proxy: string, policy: AddressPolicy): { agents: Agents; destroy(): void } {
  const options = { proxy, keepAlive: true, maxSockets: 256 };
  const guard = <A extends new (...args: any[]) => http.Agent>(Base: A) =>
    class extends Base {
      override createConnection(opts: net.TcpNetConnectOpts, cb: Oncreate): undefined {
        checkProxiedHost(policy, String(opts.host ?? '')).then(
          () => super.createConnection(opts, cb),
          (err: Error) => cb(err, null),
        );
        return undefined;
      }
    };
  const http = new (guard(HttpProxyAgent))(options);
  const https = new (guard(HttpsProxyAgent))(options);
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
 * This checks the target before the proxy is asked: an IP literal against the policy, a name
 * by resolving it here (best effort: when this machine cannot resolve it, the proxy decides,
 * and the proxy must enforce its own egress policy; see SECURITY.md).
 */
async function checkProxiedHost(policy: AddressPolicy, hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
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
