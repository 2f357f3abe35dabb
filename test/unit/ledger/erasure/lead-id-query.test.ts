import { describe, expect, it } from 'vitest';
import { leadIdQuery } from '../../../../src/ledger/erasure/lead-id-query.js';

describe('leadIdQuery: finding a lead\'s workflows by LeadwireLeadId', () => {
  it('matches an ordinary lead id exactly', () => {
    expect(leadIdQuery('lead-42@example.com')).toEqual({ query: 'LeadwireLeadId = "lead-42@example.com"', exact: true });
  });

  it('matches a lead id longer than 255 characters by the 255 it is stored as, and says others may share them', () => {
    const id = `${'é'.repeat(255)}-tail`;
    expect(leadIdQuery(id)).toEqual({ query: `LeadwireLeadId = "${'é'.repeat(255)}"`, exact: false });
  });

  it('asks for the start of an id up to a quote, backslash or control character, which the SQL stores cannot match', () => {
    expect(leadIdQuery('ab"c')).toEqual({ query: 'LeadwireLeadId STARTS_WITH "ab"', exact: false });
    expect(leadIdQuery('ab\\" OR WorkflowId = "x')).toEqual({ query: 'LeadwireLeadId STARTS_WITH "ab"', exact: false });
    expect(leadIdQuery("o'brien")).toEqual({ query: 'LeadwireLeadId STARTS_WITH "o"', exact: false });
    expect(leadIdQuery('a\tb')).toEqual({ query: 'LeadwireLeadId STARTS_WITH "a"', exact: false });
  });

  it('gives no query for an id whose first character cannot be matched', () => {
    expect(leadIdQuery('"quoted"')).toBeUndefined();
    expect(leadIdQuery('\\x')).toBeUndefined();
  });
});
