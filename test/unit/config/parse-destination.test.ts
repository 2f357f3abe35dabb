import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/config/parse-destination.js';
import { loadDestinationFile, parseDestinationText } from '../../../src/config/load-destination.js';
import { ConfigError } from '../../../src/core/errors/config-error.js';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('destination config', () => {
  it('accepts the guide minimal webhook and applies defaults', () => {
    const d = parseDestination({
      name: 'My Custom CRM',
      url: 'https://api.mycrm.com/leads',
      method: 'post',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(d.method).toBe('POST');
    expect(d.timeout).toBe(30_000);
    expect(d.retry.max_attempts).toBe(3);
    expect(d.lead_id_field).toBe('id');
  });

  it('lists every problem by exact path, in one error', () => {
    const issues = issuesOf(() =>
      parseDestination({
        name: 'Broken',
        url: 'ftp://x',
        method: 'FETCH',
        timeout: -5,
        sucess_codes: [200],
        retry: { max_attempts: 0, delays: [1000, 2000, 'soon'] },
      }),
    );
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['url']).toMatch(/http:\/\/ or https:\/\//);
    expect(byPath['method']).toMatch(/one of GET, POST/);
    expect(byPath['timeout']).toMatch(/at least 1 millisecond/);
    expect(byPath['sucess_codes']).toMatch(/unknown option/);
    expect(byPath['retry.max_attempts']).toMatch(/at least 1/);
    expect(byPath['retry.delays[2]']).toBe('expected a number of milliseconds');
  });

  it('rejects a header value with a line break (header injection)', () => {
    const issues = issuesOf(() => parseDestination({ name: 'x', url: 'https://a.example', headers: { 'X-Evil': 'a\r\nInjected: yes' } }));
    expect(issues).toEqual([{ path: 'headers.X-Evil', message: expect.stringMatching(/line break/) }]);
  });

  it('rejects a body mapping path that is not a lead path', () => {
    const issues = issuesOf(() =>
      parseDestination({ name: 'x', url: 'https://a.example', body: { format: 'json', mapping: { email: 'not a path!' } } }),
    );
    expect(issues[0]!.path).toBe('body.mapping.email');
  });

  it('reports YAML syntax errors with a line number', () => {
    const issues = issuesOf(() => parseDestinationText('name: x\nurl: [unclosed\n', 'bad.yaml'));
    expect(issues[0]!.line).toBeGreaterThan(1);
    expect(issues[0]!.message).toMatch(/flow sequence .* end with a \]/);
  });

  it('names a missing file and says where examples are', async () => {
    await expect(loadDestinationFile('/nonexistent/dest.yaml')).rejects.toThrow(/does not exist/);
  });

  it('loads a file with every problem listed in the message', async () => {
    await expect(loadDestinationFile('test/fixtures/invalid-destination.yaml')).rejects.toThrow(/retry\.delays\[2\]: expected a number of milliseconds/);
  });
});
