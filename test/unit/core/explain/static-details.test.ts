import { describe, expect, it } from 'vitest';
import { staticDetails } from '../../../../src/core/explain/static-details.js';

describe('static details', () => {
  it('says what a delivery delivers where, and where the rest is', () => {
    const words = staticDetails({ destination: 'Acme CRM', id: 'acme-crm--lead-42', lead: { id: 'lead-42' }, target: { method: 'POST', url: 'https://api.example.com/leads?key=s3cret' } });
    expect(words.split('\n')[0]).toBe('Delivers lead `lead-42` to Acme CRM: POST https://api.example.com/leads.');
    expect(words).toContain('`leadwire status acme-crm--lead-42`');
    expect(words).toContain('query `status`');
    expect(words).not.toContain('s3cret');
    expect(staticDetails({ destination: 'Bulk', id: 'batch--x', lead: { count: 3 }, target: { method: 'PUT', url: 'https://b.example.com/bulk' } })).toMatch(
      /^Delivers a batch of 3 leads to Bulk: PUT https:\/\/b\.example\.com\/bulk\.\n[\s\S]*query `batchStatus`/,
    );
  });
});
