import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../../src/config/parse-destination.js';
import { correctedDestinationIssues } from '../../../../src/core/delivery/corrected-destination-issues.js';

describe("the retry update's own check of a corrected destination", () => {
  it('passes every destination the full schema accepts', () => {
    const parsed = parseDestination({ name: 'CRM', url: 'https://crm.example.com/leads', park: { window: 0 } });
    expect(correctedDestinationIssues(parsed)).toEqual([]);
  });

  it('names each field the retry loop cannot use, by path', () => {
    expect(correctedDestinationIssues({ name: ' ', url: 'ftp://x', timeout: 'soon', retry: { max_attempts: 0 }, park: { window: -1 } }).map((i) => i.path)).toEqual([
      'name',
      'url',
      'timeout',
      'retry.max_attempts',
      'park.window',
    ]);
    // As written in a file, before defaults: no timeout or retry options yet.
    expect(correctedDestinationIssues({ name: 'CRM', url: 'https://crm.example.com' }).map((i) => i.path)).toEqual(['timeout', 'retry']);
    expect(correctedDestinationIssues('https://crm.example.com')).toEqual([{ path: '', message: expect.stringMatching(/destination object/) }]);
  });
});
