import type { Agents } from 'got';
import type { AddressPolicy } from '../core/network/address-policy.js';
import { createGuardedAgents } from './guarded-agents.js';
import { createProxyAgents } from './proxy-agents.js';
import { proxyFor, type ProxySettings } from './proxy-settings.js';

/** The agents of one sender: the guarded direct ones, and one egress proxy's per proxy URL. */
export interface AgentPool {
  /** The guarded direct agents (keep-alive, every connection checked by the SSRF policy). */
  readonly agents: Agents;
  /**
   * The agents a request to this URL uses: the guarded direct ones, or the egress proxy's, which
   * check each target against the same policy before the proxy is asked for it.
   */
  agentsFor(url: URL): Agents;
  /** Closes every pooled connection, direct and proxied. */
  close(): void;
}

/** Keep-alive agents through the SSRF policy, and a proxy's agents made the first time a URL goes through it. */
export function createAgentPool(policy: AddressPolicy, proxy: ProxySettings | undefined): AgentPool {
  const guarded = createGuardedAgents(policy, { maxSockets: 256 });
  const agents: Agents = { http: guarded.http, https: guarded.https };
  const proxies = new Map<string, ReturnType<typeof createProxyAgents>>();
  const agentsFor = (url: URL): Agents => {
    const through = proxyFor(proxy, url);
    if (!through) return agents;
    let pool = proxies.get(through);
    if (!pool) proxies.set(through, (pool = createProxyAgents(through, policy)));
    return pool.agents;
  };
  return {
    agents,
    agentsFor,
    close() {
      guarded.http.destroy();
      guarded.https.destroy();
      for (const p of proxies.values()) p.destroy();
    },
  };
}
