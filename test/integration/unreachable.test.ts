import { afterAll, beforeAll, expect, it } from 'vitest';
import { deadUrl } from '../helpers/request-servers.js';
import { startHarness, type Harness } from '../helpers/temporal-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => harness?.close());

it('records an unreachable receiver as error with the guide advice, after its retries', async () => {
  const nowhere = await deadUrl();
  const result = await harness.client.deliver(
    { name: 'Nowhere', url: `${nowhere}/leads`, allow_insecure_http: true, retry: { max_attempts: 2, delay: 10 }, park: { window: 0 } },
    { id: 'nowhere-1', email: 'a@example.com' },
  );
  expect(result.outcome).toBe('error');
  expect(result.errorCode).toBe('CONNECTION_REFUSED');
  expect(result.reason).toMatch(/Check the URL is correct/);
  expect(result.attempts.map((a) => a.errorCode)).toEqual(['CONNECTION_REFUSED', 'CONNECTION_REFUSED']);
});
