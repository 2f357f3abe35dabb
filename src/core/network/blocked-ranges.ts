/**
 * Address ranges a destination may never reach unless a deployment allows them
 * explicitly: the SSRF guard's default. Sources: IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (RFC 6890 and successors).
 */
interface BlockedRange {
  cidr: string;
  rule: string;
}

export const BLOCKED_IPV4: readonly BlockedRange[] = [
  { cidr: '0.0.0.0/8', rule: 'this-network' },
  { cidr: '10.0.0.0/8', rule: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', rule: 'carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', rule: 'loopback' },
  { cidr: '169.254.0.0/16', rule: 'link-local (cloud metadata lives here)' },
  { cidr: '172.16.0.0/12', rule: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', rule: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', rule: 'documentation (TEST-NET-1)' },
  { cidr: '192.88.99.0/24', rule: '6to4 relay anycast' },
  { cidr: '192.168.0.0/16', rule: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', rule: 'benchmarking' },
  { cidr: '198.51.100.0/24', rule: 'documentation (TEST-NET-2)' },
  { cidr: '203.0.113.0/24', rule: 'documentation (TEST-NET-3)' },
  { cidr: '224.0.0.0/4', rule: 'multicast' },
  { cidr: '240.0.0.0/4', rule: 'reserved' },
];

export const BLOCKED_IPV6: readonly BlockedRange[] = [
  { cidr: '::/128', rule: 'unspecified' },
  { cidr: '::1/128', rule: 'loopback' },
  { cidr: '100::/64', rule: 'discard-only' },
  { cidr: '2001::/32', rule: 'Teredo tunnel' },
  { cidr: '2001:db8::/32', rule: 'documentation' },
  { cidr: 'fc00::/7', rule: 'unique-local' },
  { cidr: 'fe80::/10', rule: 'link-local' },
  { cidr: 'fec0::/10', rule: 'site-local (deprecated)' },
  { cidr: 'ff00::/8', rule: 'multicast' },
];
