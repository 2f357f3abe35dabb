import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadwireClient } from '../../../src/client/leadwire-client.js';
import { startCliConsole, type CliConsole } from '../../../src/console/console-for-cli.js';

// The console only reads the client's namespace at start; nothing here talks to Temporal.
const client = { temporal: { options: { namespace: 'default' } } } as unknown as LeadwireClient;

let holder: Server | undefined;
let started: CliConsole | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
  await new Promise<void>((r) => (holder ? holder.close(() => r()) : r()));
  holder = undefined;
});

/** A port something else already listens on. */
async function takenPort(): Promise<number> {
  holder = createServer();
  await new Promise<void>((r) => holder!.listen(0, '127.0.0.1', () => r()));
  return (holder.address() as AddressInfo).port;
}

describe('the console leadwire serve, dev and npm start run', () => {
  it('locally (dev, npm start) takes another port when its own is taken, and prints a key it made up', async () => {
    const port = await takenPort();
    started = await startCliConsole({ client, host: '127.0.0.1', port: String(port), local: true }, {});
    expect(Number(new URL(started!.url).port)).not.toBe(port);
    expect(started!.line).toMatch(new RegExp(`^${started!.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}  \\(sign in with key lwc_[\\w-]{24}\\)$`));
    const res = await fetch(`${started!.url}/sign-in`);
    expect(res.status).toBe(200);
  });

  it('for leadwire serve, refuses a taken port with what to do', async () => {
    const port = await takenPort();
    await expect(startCliConsole({ client, host: '127.0.0.1', port: String(port) }, { LEADWIRE_CONSOLE_KEYS: 'operator:a-key-of-sixteen-chars' })).rejects.toMatchObject({
      code: 'PORT_UNAVAILABLE',
      message: expect.stringContaining('Pick another --console-port'),
    });
  });

  it('is off with --console-port off', async () => {
    expect(await startCliConsole({ client, host: '127.0.0.1', port: 'off', local: true }, {})).toBeUndefined();
  });
});
