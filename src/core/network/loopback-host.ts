import ipaddr from 'ipaddr.js';

/**
 * Whether an HTTP `Host` header names this machine's loopback: `localhost`, an address in
 * 127.0.0.0/8 written as four decimal parts, or `[::1]`, each with or without a port.
 * A server that trusts loopback callers uses it against DNS rebinding: a web page whose name
 * was re-pointed at 127.0.0.1 reaches the port, but its requests still say `Host: <its name>`.
 * Anything else (another name, a name that merely contains one of these, a missing Host) is not.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host.trim());
  if (!match) return false;
  const [, v6, name = ''] = match;
  if (v6 !== undefined) return ipaddr.IPv6.isValid(v6) && ipaddr.IPv6.parse(v6).range() === 'loopback';
  if (name.toLowerCase() === 'localhost') return true;
  return ipaddr.IPv4.isValidFourPartDecimal(name) && ipaddr.IPv4.parse(name).range() === 'loopback';
}
