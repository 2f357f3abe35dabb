import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/start-receiver.js';
import { startHarness, type Harness } from './temporal-harness.js';

/** An object that forwards to one that exists only once `beforeAll` has run. */
function lateBound<T extends object>(name: string, get: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, prop) {
      const target = get();
      if (!target) throw new Error(`${name} is used before beforeAll started it`);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The setup most integration files share: a worker and client on a task queue of the file's
 * own (against the run's shared Temporal server) and a test receiver on 127.0.0.1, started
 * once for the file, closed after it, the receiver's log cleared before each test.
 */
export function useHarnessAndReceiver(options: { harness?: Parameters<typeof startHarness>[0]; clearEachTest?: boolean } = {}) {
  let harness: Harness | undefined;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    [harness, receiver] = await Promise.all([startHarness(options.harness), startReceiver()]);
  });
  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });
  if (options.clearEachTest !== false) beforeEach(() => receiver?.clear());
  return { harness: lateBound('harness', () => harness), receiver: lateBound('receiver', () => receiver) };
}
