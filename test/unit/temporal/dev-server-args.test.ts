import { describe, expect, it } from 'vitest';
import { devServerArgs, portInUse } from '../../../src/temporal/dev-server-args.js';
import { ephemeralPortRange, freePort } from '../../../src/temporal/free-port.js';

describe('what the dev server is started with', () => {
  it('binds everything to 127.0.0.1, and lets its HTTP API answer only its own address', () => {
    const args = devServerArgs({ grpc: 21000, http: 21001, metrics: 21002, ui: 21003 }, {});
    expect(args.slice(0, 6)).toEqual(['server', 'start-dev', '--ip', '127.0.0.1', '--port', '21000']);
    expect(args).not.toContain('--ui-ip');
    expect(args.join(' ')).toContain('--http-port 21001 --metrics-port 21002 --ui-port 21003');
    // One pattern: the server joins several into one regular expression anchored only at its ends.
    expect(args).toContain('frontend.httpAllowedHosts=["127.0.0.1:21001"]');
    expect(devServerArgs({ grpc: 1, http: 2, metrics: 3 }, {})).toContain('--headless');
  });

  it('reads which port a start could not bind from what the CLI printed', () => {
    expect(portInUse("Error: can't set frontend HTTP port 21001: listen tcp 127.0.0.1:21001: bind: address already in use")).toBe(21001);
    expect(portInUse('failed listening for HTTP API on 127.0.0.1:38657: listen tcp 127.0.0.1:38657: bind: address already in use')).toBe(38657);
    expect(portInUse('bind: address already in use')).toBe(0);
    expect(portInUse('Error: failed starting server: missing frontend port')).toBeUndefined();
  });
});

describe('freePort', () => {
  it('reads the kernel’s ephemeral range, and nothing from what it cannot parse', () => {
    expect(ephemeralPortRange(() => '32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralPortRange(() => 'nonsense')).toBeUndefined();
    expect(ephemeralPortRange(() => {
      throw new Error('no such file');
    })).toBeUndefined();
  });

  it.runIf(ephemeralPortRange() !== undefined)('picks below that range, where no outgoing connection takes a port', async () => {
    const [low] = ephemeralPortRange()!;
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(low);
    }
  });
});
