import ipaddr from 'ipaddr.js';
import { BLOCKED_IPV4, BLOCKED_IPV6 } from './blocked-ranges.js';

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Parsed, number];

/** What a worker may reach beyond the public internet. */
export interface NetworkAllowList {
  /** CIDRs opened explicitly, e.g. `127.0.0.0/8` for local development. */
  cidrs?: readonly string[];
  /** Host names opened explicitly (exact, case-insensitive), whatever they resolve to. */
  hosts?: readonly string[];
}

type AddressVerdict = { allowed: true } | { allowed: false; rule: string; address: string };

/**
 * The SSRF guard's decision for one resolved address. Blocks loopback, private, link-local,
 * CGNAT, multicast, reserved and unique-local ranges, and the same addresses hidden in
 * IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 forms, unless the allow-list opens them.
 */
export function createAddressPolicy(allow: NetworkAllowList = {}) {
  const allowed: Cidr[] = (allow.cidrs ?? []).map(parseCidr);
  const hosts = new Set((allow.hosts ?? []).map((h) => h.toLowerCase()));
  const blocked4 = BLOCKED_IPV4.map((r) => ({ ...r, range: parseCidr(r.cidr) }));
  const blocked6 = BLOCKED_IPV6.map((r) => ({ ...r, range: parseCidr(r.cidr) }));

  const isAllowed = (ip: Parsed) => allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));

  function check(address: string): AddressVerdict {
    let ip: Parsed;
    try {
      ip = ipaddr.parse(address);
    } catch {
      return { allowed: false, rule: 'not an IP address', address };
    }
    if (isAllowed(ip)) return { allowed: true };
    if (ip.kind() === 'ipv6') {
      const embedded = embeddedIpv4(ip as ipaddr.IPv6);
      if (embedded) {
        const inner = check(embedded.ip.toString());
        return inner.allowed ? inner : { allowed: false, rule: `${inner.rule}, inside ${embedded.form}`, address };
      }
      for (const r of blocked6) if (ip.match(r.range as [ipaddr.IPv6, number])) return { allowed: false, rule: `${r.rule} (${r.cidr})`, address };
      return { allowed: true };
    }
    for (const r of blocked4) if (ip.match(r.range as [ipaddr.IPv4, number])) return { allowed: false, rule: `${r.rule} (${r.cidr})`, address };
    return { allowed: true };
  }

  return {
    check,
    /** Whether a host name is opened by name (checked before resolving). */
    isAllowedHost: (host: string) => hosts.has(host.toLowerCase()),
  };
}

export type AddressPolicy = ReturnType<typeof createAddressPolicy>;

function parseCidr(cidr: string): Cidr {
  if (!cidr.includes('/')) {
    const ip = ipaddr.parse(cidr);
    return [ip, ip.kind() === 'ipv4' ? 32 : 128];
  }
  return ipaddr.parseCIDR(cidr) as Cidr;
}

/** IPv4 addresses carried inside IPv6 forms that reach IPv4 hosts. */
function embeddedIpv4(ip: ipaddr.IPv6): { ip: ipaddr.IPv4; form: string } | undefined {
  const p = ip.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (ip.isIPv4MappedAddress()) return { ip: ip.toIPv4Address(), form: 'an IPv4-mapped IPv6 address' };
  // ::a.b.c.d (IPv4-compatible, deprecated) but not :: or ::1
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return { ip: v4(p[6]!, p[7]!), form: 'an IPv4-compatible IPv6 address' };
  // 64:ff9b::/96 well-known NAT64 and 64:ff9b:1::/48 local-use NAT64
  if (p[0] === 0x64 && p[1] === 0xff9b) return { ip: v4(p[6]!, p[7]!), form: 'a NAT64 address' };
  // 2002:AABB:CCDD::/48 6to4
  if (p[0] === 0x2002) return { ip: v4(p[1]!, p[2]!), form: 'a 6to4 address' };
  return undefined;
}
