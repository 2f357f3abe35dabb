import { isLoopbackHost } from '../../core/network/loopback-host.js';

/**
 * Whether the console answers a request naming this Host: loopback always (as the codec
 * server does), other names only when listed. A page whose name was re-pointed at the
 * console's address (DNS rebinding) still says its own name, and is refused.
 */
export function isAllowedHost(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (isLoopbackHost(host)) return true;
  if (!host) return false;
  const name = host.trim().toLowerCase().replace(/:\d{1,5}$/, '');
  return allowedHosts.includes(name);
}
