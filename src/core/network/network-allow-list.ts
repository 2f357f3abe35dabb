import ipaddr from 'ipaddr.js';
import { LeadwireError } from '../errors/leadwire-error.js';
import type { NetworkAllowList } from './address-policy.js';

/** What local development and the tests open: IPv4 and IPv6 loopback, nothing else. */
export const LOOPBACK_ALLOW_LIST: Required<NetworkAllowList> = { cidrs: ['127.0.0.0/8', '::1'], hosts: [] };

const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * Parses an allow-list as written in `LEADWIRE_ALLOW_NETWORKS` or `network.allow`: CIDRs
 * (`10.1.0.0/16`), single addresses (`::1`) and host names (`crm.internal`). Errors name
 * the entry and say what to write instead.
 */
export function parseAllowList(entries: readonly string[], source = 'LEADWIRE_ALLOW_NETWORKS'): Required<NetworkAllowList> {
  const cidrs: string[] = [];
  const hosts: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('/') || ipaddr.isValid(entry)) {
      try {
        if (entry.includes('/')) ipaddr.parseCIDR(entry);
        else ipaddr.parse(entry);
      } catch {
        throw new LeadwireError('ALLOW_LIST_INVALID', `${source}: "${entry}" is not a valid CIDR or IP address. Write e.g. 10.1.0.0/16, 127.0.0.1 or ::1.`);
      }
      cidrs.push(entry);
    } else if (HOST_NAME.test(entry)) {
      hosts.push(entry.replace(/\.$/, '').toLowerCase());
    } else {
      throw new LeadwireError('ALLOW_LIST_INVALID', `${source}: "${entry}" is neither a CIDR, an IP address nor a host name. Separate entries with commas.`);
    }
  }
  return { cidrs, hosts };
}

/** The allow-list from a comma-separated environment value; empty or unset: nothing opened. */
export function allowListFromEnv(env: Record<string, string | undefined> = process.env): Required<NetworkAllowList> {
  return parseAllowList((env.LEADWIRE_ALLOW_NETWORKS ?? '').split(','));
}

/** Both lists together, without duplicates. */
export function mergeAllowLists(...lists: NetworkAllowList[]): Required<NetworkAllowList> {
  return {
    cidrs: [...new Set(lists.flatMap((l) => l.cidrs ?? []))],
    hosts: [...new Set(lists.flatMap((l) => l.hosts ?? []))],
  };
}

/** One line for start-up output: what the SSRF guard lets through beyond the public internet. */
export function describeAllowList(list: NetworkAllowList): string {
  const all = [...(list.cidrs ?? []), ...(list.hosts ?? [])];
  return all.length === 0
    ? 'SSRF guard: private, loopback and link-local addresses are blocked (no allow-list)'
    : `SSRF guard: private, loopback and link-local addresses are blocked, except the allow-list: ${all.join(', ')}`;
}
