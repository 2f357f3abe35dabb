import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';

// The Temporal CLI cannot listen on port 0: it is handed ports that were free a moment before.
// Under `npm test` another test file can bind one of them first (CI failed so: "failed
// listening for HTTP API on 127.0.0.1:38657: bind: address already in use"). Here a squatter
// takes the port on purpose, so the start meets that collision every time.
let squatter: net.Server;
let taken: number;
beforeAll(async () => {
  squatter = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  taken = (squatter.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => squatter.close(() => r())));

describe('the dev server when a port it was handed is taken', () => {
  it('starts again on fresh ports, and serves', { timeout: 180_000 }, async () => {
    // Picks in order: gRPC, HTTP API, metrics. The HTTP API's is the squatter's.
    let picks = 0;
    const lines: string[] = [];
    const server = await startDevServer({ port: 0, headless: true, log: (l) => lines.push(l) }, async () => (++picks === 2 ? taken : freePort()));
    try {
      expect(lines.join('\n')).toContain(`could not bind port ${taken}`);
      expect(server.httpAddress).not.toBe(`127.0.0.1:${taken}`);
      const res = await fetch(`http://${server.httpAddress}/api/v1/namespaces/default`);
      expect(res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('says a port the caller fixed is taken, rather than moving it', { timeout: 180_000 }, async () => {
    await expect(startDevServer({ port: taken, headless: true })).rejects.toThrow(new RegExp(`Port ${taken} is taken`));
  });
});
