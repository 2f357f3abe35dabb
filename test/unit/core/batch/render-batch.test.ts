import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../../../src/config/destination-schema.js';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { renderBatch } from '../../../../src/core/batch/render-batch.js';
import { maskingSecretResolver } from '../../../../src/core/secrets/secret-refs.js';
import { batchDeliveryPlanFrom } from '../../../../src/config/delivery-plan-from.js';

const leads = [
  { id: '1', email: 'a@example.com', phone: '5551234567', first_name: 'Ann, "Jr"' },
  { id: '2', email: 'b@example.com', phone: '5551234568', first_name: 'Bo <&>' },
];
const entries = leads.map((lead) => ({ deliveryId: `d-${lead.id}`, leadId: lead.id, lead }));
const NOW = '2026-11-29T10:00:00.000Z';

async function render(extra: Partial<DestinationInput>) {
  const d = batchDeliveryPlanFrom(parseDestination({ name: 'B', url: 'https://crm.example/leads', ...extra }));
  const out = await renderBatch(d, 'batch-1', entries, NOW, maskingSecretResolver);
  const chunk = out.chunks[0]!;
  if (chunk.outcome.kind !== 'request') throw new Error('expected a request');
  return { request: chunk.outcome.request, out };
}

describe('batch bodies', () => {
  it('json: the guide envelope of each lead mapped by the body mapping', async () => {
    const { request } = await render({ body: { format: 'json', mapping: { email: 'email', phone: 'phone' } }, batch: { size: 100, timeout: 60000 } });
    expect(JSON.parse(request.body!)).toEqual({ leads: [{ email: 'a@example.com', phone: '5551234567' }, { email: 'b@example.com', phone: '5551234568' }] });
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['Idempotency-Key']).toBe('batch-1');
  });

  it('json with envelope null: a bare array', async () => {
    const { request } = await render({ body: { format: 'json', mapping: { email: 'email' } }, batch: { size: 100, timeout: 60000, envelope: null } });
    expect(JSON.parse(request.body!)).toEqual([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
  });

  it('jsonl: one object per line', async () => {
    const { request } = await render({ body: { format: 'json', mapping: { email: 'email' } }, batch: { size: 100, timeout: 60000, format: 'jsonl' } });
    expect(request.body).toBe('{"email":"a@example.com"}\n{"email":"b@example.com"}\n');
    expect(request.headers['Content-Type']).toBe('application/x-ndjson');
  });

  it('csv: one header line, then one RFC 4180 row per lead', async () => {
    const { request } = await render({ body: { format: 'csv', fields: ['email', 'first_name'], header: true }, batch: { size: 100, timeout: 60000, format: 'csv' } });
    expect(request.body).toBe('email,first_name\r\na@example.com,"Ann, ""Jr"""\r\nb@example.com,Bo <&>\r\n');
  });

  it('xml: each lead element repeated under the root, values escaped, well-formed', async () => {
    const { request } = await render({
      body: { format: 'xml', root: 'lead', mapping: { email: 'email', name: 'first_name' } },
      batch: { size: 100, timeout: 60000, format: 'xml', xml_root: 'leads' },
    });
    expect(XMLValidator.validate(request.body!)).toBe(true);
    expect(request.body).toContain('<leads><lead><email>a@example.com</email><name>Ann, &quot;Jr&quot;</name></lead><lead>');
    expect(request.body).toContain('Bo &lt;&amp;&gt;');
  });

  it('template: any text over the list', async () => {
    const { request } = await render({
      body: { format: 'json', mapping: { email: 'email' } },
      batch: { size: 100, timeout: 60000, format: 'template', content_type: 'text/plain', template: '{{ count }} leads:{% for l in leads %} {{ l.email }}{% endfor %}' },
    });
    expect(request.body).toBe('2 leads: a@example.com b@example.com');
    expect(request.headers['Content-Type']).toBe('text/plain');
  });

  it('leaves out a skipped lead with its reason', async () => {
    const { request, out } = await render({
      body: { format: 'json', mapping: { email: 'email' } },
      skip: [{ when: "id = '2'", reason: 'Not this one' }],
      batch: { size: 100, timeout: 60000 },
    });
    expect(JSON.parse(request.body!)).toEqual({ leads: [{ email: 'a@example.com' }] });
    expect(out.leftOut).toEqual([{ deliveryId: 'd-2', leadId: '2', outcome: 'skipped', reason: 'Not this one' }]);
  });

  it('rejects a batch config that contradicts the body at validation time', () => {
    expect(() => parseDestination({ name: 'B', url: 'https://x.example', batch: { size: 1, timeout: 1, format: 'template' } })).toThrow(/batch\.template: `format: template` needs a `template`/);
    expect(() => parseDestination({ name: 'B', url: 'https://x.example', batch: { size: 0, timeout: 1 } })).toThrow(/batch\.size/);
  });
});
