import { describe, expect, it } from 'vitest';
import { SessionLock } from '../../../../src/ledger/embedded/session-lock.js';

describe('SessionLock', () => {
  it('serves owners first come, first served, and lets the holder in again at once', async () => {
    const lock = new SessionLock<string>();
    const order: string[] = [];
    await lock.acquire('a');
    await lock.acquire('a');
    const b = lock.acquire('b').then(() => order.push('b'));
    const c = lock.acquire('c').then(() => order.push('c'));
    expect(lock.queued).toBe(2);
    lock.release('c'); // not the holder: nothing happens
    expect(lock.holds('a')).toBe(true);
    lock.release('a');
    await b;
    expect(lock.holds('b')).toBe(true);
    lock.release('b');
    await c;
    expect(order).toEqual(['b', 'c']);
  });

  it('lets a waiter that left go without the session', async () => {
    const lock = new SessionLock<string>();
    await lock.acquire('a');
    const gone = lock.acquire('gone');
    lock.forget('gone');
    await gone;
    expect(lock.holds('a')).toBe(true);
    lock.release('a');
    expect(lock.holds('gone')).toBe(false);
  });
});
