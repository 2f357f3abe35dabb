import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { isPortFree } from './is-port-free.js';
import net from 'node:net';

/** Where freePort() looks: above the ports leadwire itself fixes (7233, 8233, the cluster's 15432 to 18000). */
const LOWEST = 20_000;

/**
 * The kernel's ephemeral range: every outgoing connection on the machine takes its local port
 * from it, so a free port in it can be taken by some connect() before a server binds it.
 */
export function ephemeralPortRange(read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): [number, number] | undefined {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    return low && high && low <= high ? [low, high] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A TCP port free on 127.0.0.1 right now, for a server that cannot bind port 0 itself (the
 * Temporal CLI). It is picked below the kernel's ephemeral range when that is known (Linux),
 * where no outgoing connection can take it before the server binds it; only another explicit
 * bind can, so a caller still retries with a fresh port when its bind fails.
 */
export async function freePort(): Promise<number> {
  const range = ephemeralPortRange();
  if (range && range[0] - LOWEST >= 1000) {
    for (let i = 0; i < 50; i++) {
      const port = randomInt(LOWEST, range[0]);
      if (await isPortFree(port)) return port;
    }
  }
  return anyFreePort();
}

/** Whatever port the kernel hands out for a listen on port 0 (in the ephemeral range). */
function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
