import net from 'node:net';

/** Whether something accepts TCP connections at a Temporal address, and if not, why, in words. */
type ProbeResult = { reachable: true } | { reachable: false; why: string };

/**
 * One TCP connect to `host:port` before a gRPC connection is tried: when nothing listens, the
 * refusal comes back at once, where the gRPC client would keep retrying until its deadline
 * (10 s and more). TLS and the Temporal API itself are left to the real connection.
 */
export function probeAddress(address: string, timeoutMs = 3000): Promise<ProbeResult> {
  const parsed = parseHostPort(address);
  if (!parsed) return Promise.resolve({ reachable: false, why: 'it is not a host:port address, such as localhost:7233' });
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.host, port: parsed.port });
    const done = (result: ProbeResult) => {
      socket.destroy();
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => done({ reachable: false, why: `nothing answered within ${timeoutMs / 1000} s (a firewall, or the wrong host?)` }), timeoutMs);
    socket.once('connect', () => done({ reachable: true }));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done({
        reachable: false,
        why:
          err.code === 'ECONNREFUSED'
            ? 'nothing is listening there (connection refused)'
            : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
              ? `the host name ${parsed.host} does not resolve`
              : `the connection failed (${err.code ?? err.message})`,
      }),
    );
  });
}

/** `localhost:7233`, `[::1]:7233` -> host and port; undefined when there is no port. */
function parseHostPort(address: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(address.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  return port > 0 && port < 65536 ? { host: match[1] ?? match[2]!, port } : undefined;
}
