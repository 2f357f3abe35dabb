import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { exampleDestination } from '../helpers/example-destination.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

const { harness, receiver } = useHarnessAndReceiver();

const stamp = () => `${Date.now()}${Math.random().toString(36).slice(2, 6)}`;

describe('batch examples', () => {
  it('batch-leads.yaml: the guide envelope, flushed when full', async () => {
    const d = await exampleDestination('batch-leads', receiver.url, { name: `Batch CRM ${stamp()}`, batch: { size: 3, timeout: 60000 } });
    const leads = [1, 2, 3].map((i) => ({ id: `g${stamp()}${i}`, email: `test${i}@example.com`, phone: `555123456${i}` }));
    const results = await Promise.all((await harness.client.startDeliveries(d, leads)).map((s) => s.result()));
    expect(results.every((r) => r.outcome === 'success')).toBe(true);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.url).toBe('/leads/bulk');
    expect(JSON.parse(receiver.requests[0]!.body)).toEqual({ leads: leads.map(({ email, phone }) => ({ email, phone })) });
  });

  it('batch-csv.yaml: one CSV upload per region, header once', async () => {
    const d = await exampleDestination('batch-csv', receiver.url, { name: `Batch CSV ${stamp()}`, batch: { size: 2, timeout: 60000, key: 'region', format: 'csv' } });
    const leads = [
      { id: `c${stamp()}1`, region: 'east', email: 'a@example.com', phone: '1', first_name: 'Ann', last_name: 'Lee' },
      { id: `c${stamp()}2`, region: 'west', email: 'b@example.com', phone: '2', first_name: 'Bo', last_name: 'Ray' },
      { id: `c${stamp()}3`, region: 'east', email: 'c@example.com', phone: '3', first_name: 'Cy', last_name: 'Fox' },
      { id: `c${stamp()}4`, region: 'west', email: 'd@example.com', phone: '4', first_name: 'Di', last_name: 'Poe' },
    ];
    const results = await Promise.all((await harness.client.startDeliveries(d, leads)).map((s) => s.result()));
    expect(results.every((r) => r.outcome === 'success')).toBe(true);
    const byPath = Object.fromEntries(receiver.requests.map((r) => [r.url, r.body]));
    expect(byPath['/upload/east']).toBe('email,phone,first_name,last_name\r\na@example.com,1,Ann,Lee\r\nc@example.com,3,Cy,Fox\r\n');
    expect(byPath['/upload/west']).toBe('email,phone,first_name,last_name\r\nb@example.com,2,Bo,Ray\r\nd@example.com,4,Di,Poe\r\n');
  });

  it('batch-per-lead-results.yaml: each lead judged by its own item, matched by id', async () => {
    const ids = [`x${stamp()}`, `y${stamp()}`];
    const answer = JSON.stringify({ results: [{ lead_id: ids[1], status: 'rejected', message: 'duplicate' }, { lead_id: ids[0], status: 'accepted', id: 'B-1' }] });
    const d = await exampleDestination('batch-per-lead-results', `${receiver.url}`, {
      name: `Batch Results ${stamp()}`,
      url: `${receiver.url}/leads/bulk?body=${encodeURIComponent(answer)}&content_type=application/json`,
      batch: { size: 2, timeout: 60000, results: { path: 'results', match: 'id', id_path: 'lead_id' } },
    });
    const results = await Promise.all((await harness.client.startDeliveries(d, ids.map((id) => ({ id, email: `${id}@example.com` })))).map((s) => s.result()));
    expect(results.map((r) => [r.outcome, r.fields])).toEqual([
      ['success', { buyer_id: 'B-1' }],
      ['failure', { message: 'duplicate' }],
    ]);
  });

  it('leadwire validate accepts every batch example', async () => {
    const run = await runCli(['validate', 'examples/destinations/batch-leads.yaml', 'examples/destinations/batch-csv.yaml', 'examples/destinations/batch-per-lead-results.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
