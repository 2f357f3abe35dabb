import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressPolicy } from '../core/network/address-policy.js';
import { AddressBlockedError } from '../core/errors/address-blocked-error.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that checks every address a name resolves to against the policy, at
 * connect time, so a name that resolves to a public address at validation time and a
 * private one later (DNS rebinding) is still refused.
 */
function guardedLookup(policy: AddressPolicy, base: typeof dns.lookup = dns.lookup) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as dns.LookupAddress[];
      if (!policy.isAllowedHost(hostname)) {
        for (const a of list) {
          const verdict = policy.check(a.address);
          if (!verdict.allowed) return callback(new AddressBlockedError(hostname, a.address, verdict.rule) as unknown as NodeJS.ErrnoException, []);
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/** Checks a host that is an IP literal (Node skips the lookup for those). */
function literalBlock(policy: AddressPolicy, host: string | undefined | null): AddressBlockedError | undefined {
  if (!host) return undefined;
  const bare = host.replace(/^\[|\]$/g, '');
  if (!net.isIP(bare)) return undefined;
  const verdict = policy.check(bare);
  return verdict.allowed ? undefined : new AddressBlockedError(bare, bare, verdict.rule);
}

type Oncreate = (err: Error | null, socket?: Duplex) => void;

/** HTTP and HTTPS keep-alive agents whose every connection goes through the SSRF policy. */
export function createGuardedAgents(policy: AddressPolicy, options: http.AgentOptions = {}) {
  const lookup = guardedLookup(policy);
  // The same guard on both agents: refuse a blocked IP literal, resolve names through `lookup`.
  const guard = <A extends new (...args: any[]) => http.Agent>(Base: A) =>
    class extends Base {
      override createConnection(opts: net.NetConnectOpts, cb: Oncreate): Duplex | undefined {
        const blocked = literalBlock(policy, (opts as net.TcpNetConnectOpts).host);
        if (blocked) {
          process.nextTick(cb, blocked);
          return undefined;
        }
        // @ts-expect-error Agent.createConnection exists at run time but not in the typings.
        return super.createConnection({ ...opts, lookup }, cb);
      }
    };
  const GuardedHttpAgent = guard(http.Agent);
  const GuardedHttpsAgent = guard(https.Agent);
  return {
    http: new GuardedHttpAgent({ keepAlive: true, ...options }),
    https: new GuardedHttpsAgent({ keepAlive: true, ...options }) as https.Agent,
  };
}
