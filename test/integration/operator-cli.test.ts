import { describe, expect, inject, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { DeliveryStatus } from '../../src/shared/delivery-status.js';
import { runCli } from '../helpers/run-cli.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';
import { statusWhen } from '../helpers/status-when.js';
import { waitFor } from '../helpers/eventually.js';

const { harness, receiver } = useHarnessAndReceiver({ clearEachTest: false });

let n = 0;
const conn = () => ['--address', inject('temporalAddress'), '--task-queue', harness.taskQueue];
const destination = (name: string, path: string): DestinationInput => ({
  name,
  url: `${receiver.url}${path}`,
  allow_insecure_http: true,
  timeout: 10_000,
  retry: { max_attempts: 2, delay: 20 },
});

const parked = (deliveryId: string): Promise<DeliveryStatus> => statusWhen(harness.client, deliveryId, (s) => s.parked);

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

    // Visibility is eventually consistent: the parked outcome may take a moment to be listed.
    const retried = await waitFor('retry --destination finding the parked delivery', () => runCli(['retry', '--destination', name, ...conn()]), (r) => r.stdout.includes('1 delivery retried'), undefined, 200);
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
