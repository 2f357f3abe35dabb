import { describe, expect, it } from 'vitest';
import { destinationWarnings } from '../../../src/config/destination-warnings.js';
import { parseDestination } from '../../../src/config/parse-destination.js';

const warningsFor = (term: string) => destinationWarnings(parseDestination({ name: 'Search CRM', url: 'https://a.example.com', outcome_search: { term } }));

describe('destinationWarnings: an outcome-search term that looks like a regex but is searched as text', () => {
  it.each(['^accepted$', 'lead-\\d+', '(ok|success)', 'ok|success', 'status: [A-Z]+', 'id=.*', 'code \\w{3}', 'a.+b'])('warns about %s, suggesting /%s/', (term) => {
    expect(warningsFor(term)).toEqual([{ path: 'outcome_search.term', message: expect.stringContaining(`write "/${term}/"`) }]);
    expect(warningsFor(term)[0]!.message).toMatch(/looks like a regular expression.*plain text/);
  });

  it.each(['accepted', 'duplicate lead', 'C++', 'success!', 'e-mail sent.', '$5.00 paid', 'a (b) c', '/^accepted$/', '/lead-\\d+/i'])('does not warn about %s', (term) => {
    expect(warningsFor(term)).toEqual([]);
  });
});
