import { describe, expect, inject, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import { runCli } from '../helpers/run-cli.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

const { harness, receiver } = useHarnessAndReceiver({ clearEachTest: false });

let n = 0;
const conn = () => ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
const destination = (name: string, path: string): DestinationInput => ({
  name,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 2000,
  retry: { max_attempts: 2, delay: 20 },
});

async function parked(deliveryId: string): Promise<DeliveryStatus> {
  for (let i = 0; i < 200; i++) {
    const s = await harness.client.status(deliveryId);
    if (s.parked) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never parked');
}

describe('operator CLI', () => {
  it('status shows a parked delivery; retry --destination retries it in bulk; abandon and cancel end others', async () => {
    const name = `CLI CRM ${Date.now()}`;
    const flaky = await harness.client.startDelivery(destination(name, '/leads?fail=2&fail_status=503'), { id: `cli-${++n}` });
    const dead = await harness.client.startDelivery(destination(`${name} dead`, '/status/500'), { id: `cli-${++n}` });
    const doomed = await harness.client.startDelivery(destination(`${name} doomed`, '/status/500'), { id: `cli-${++n}` });
    await Promise.all([parked(flaky.deliveryId), parked(dead.deliveryId), parked(doomed.deliveryId)]);

    const status = await runCli(['status', flaky.deliveryId, ...conn()]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('PARKED until');
    expect(status.stdout).toContain(`leadwire retry ${flaky.deliveryId}`);

    let retried = { code: -1, stdout: '', stderr: '' };
    for (let i = 0; i < 50 && !retried.stdout.includes('1 delivery retried'); i++) {
      // Visibility is eventually consistent: the parked outcome may take a moment to be listed.
      retried = await runCli(['retry', '--destination', name, ...conn()]);
      if (!retried.stdout.includes('1 delivery retried')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(retried.stdout).toContain(`${flaky.deliveryId}: Retrying now: attempt 3 starts`);
    expect((await flaky.handle.result()).outcome).toBe('success');

    const abandon = await runCli(['abandon', dead.deliveryId, '--reason', 'buyer closed', ...conn()]);
    expect(abandon.code).toBe(0);
    expect((await dead.handle.result()).reason).toContain('buyer closed');

    const cancel = await runCli(['cancel', doomed.deliveryId, ...conn()]);
    expect(cancel.code).toBe(0);
    expect((await doomed.handle.result()).outcome).toBe('cancelled');

    const again = await runCli(['retry', doomed.deliveryId, ...conn()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has already ended as cancelled');
  });
});
