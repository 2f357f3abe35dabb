import { describe, expect, it } from 'vitest';
import { formatConfigIssues } from '../../../src/cli/format-config-issues.js';
import { parseDestination } from '../../../src/config/parse-destination.js';
import { parseDestinationText } from '../../../src/config/load-destination.js';
import { parseSecretsFile } from '../../../src/config/parse-secrets-file.js';
import { editDistance, nearestName } from '../../../src/core/explain/nearest-name.js';
import { ConfigError } from '../../../src/core/errors/config-error.js';
import { createSecretStore } from '../../../src/core/secrets/secret-store.js';

// Issue 21: error messages a newcomer can act on.

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const byPath = (err: ConfigError) => Object.fromEntries(err.issues.map((i) => [i.path, i.message]));
const base = { name: 'Newcomer CRM', url: 'https://api.example.com/leads' };

describe('a YAML indentation slip', () => {
  const text = 'name: Newcomer CRM\nurl: https://api.example.com/leads\nbody:\n  format: json\n   mapping:\n    email: email\n';

  it('is one problem at the line that is indented wrongly, with the line and a caret under it', () => {
    const err = configError(() => parseDestinationText(text, 'slip.yaml'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ line: 5, col: 4, message: expect.stringMatching(/indented further than `format: json` above it/) });
    const shown = formatConfigIssues(err, 'slip.yaml', text).split('\n');
    expect(shown).toEqual([
      '✘ slip.yaml: 1 problem',
      expect.stringMatching(/^slip\.yaml:5:4: this line is indented further/),
      '    5 |    mapping:',
      '      |    ^',
    ]);
    // No parser jargon and no dangling "at line 4, column 11:".
    expect(err.issues[0]!.message).not.toMatch(/compact mappings|Implicit keys|:\s*$/);
  });

  it('a key out of line with its siblings, a tab and a repeated key are said in plain words too', () => {
    expect(configError(() => parseDestinationText('name: x\nurl: https://a.example.com\nretry:\n  max_attempts: 3\n delay: 100\n', 'a.yaml')).issues).toEqual([
      { path: '', line: 5, col: 2, message: expect.stringMatching(/not lined up with the keys beside it/) },
    ]);
    expect(configError(() => parseDestinationText('name: x\n\turl: https://a.example.com\n', 'b.yaml')).issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/tab/) });
    expect(configError(() => parseDestinationText('name: x\nurl: https://a.example.com\nname: y\n', 'c.yaml')).issues[0]).toMatchObject({ line: 3, message: '`name` appears twice in the same mapping: keep one' });
  });

  it('in the secrets file as well', () => {
    expect(() => parseSecretsFile('secrets:\n  A:\n    from_env: X\n   hosts: [a.example.com]\n', 'secrets.yaml')).toThrow(/line 4, column 4: this line is not lined up/);
  });
});

describe('schema problems in the config\'s own words', () => {
  it('a number written as text says the allowed range and gives an example', () => {
    const messages = byPath(configError(() => parseDestination({ ...base, retry: { max_attempts: 'three' }, timeout: '5000' })));
    expect(messages['retry.max_attempts']).toBe('expected a whole number from 1 to 100, got text, e.g. `max_attempts: 5`');
    expect(messages['timeout']).toBe('expected a number of milliseconds, got a number in quotes, which is text (write it without quotes)');
    expect(Object.values(messages).join('\n')).not.toMatch(/Invalid input/);
  });

  it('a key left empty says what to write there, or to delete the line', () => {
    const messages = byPath(configError(() => parseDestination({ ...base, response_parser: null })));
    expect(messages['response_parser']).toBe(
      'has no value (nothing follows `response_parser:`): write a mapping of names to values, e.g. `response_parser: { lead_id: lead.id, status: //status }`, or delete the line',
    );
  });

  it('a number out of range without a message of its own says the range', () => {
    expect(byPath(configError(() => parseDestination({ ...base, retry: { max_attempts: 500 } })))['retry.max_attempts']).toBe('expected a whole number from 1 to 100, got 500, e.g. `max_attempts: 5`');
  });

  it('never quotes what was written: it could be a lead or a password', () => {
    const err = configError(() => parseDestination({ ...base, auth: { type: 'basic', username: 'u', password: ['hunter2-secret'] } }));
    expect(err.message).not.toContain('hunter2-secret');
  });
});

describe('a misspelt key', () => {
  it('names the nearest known key at its place, and the configuration reference, not the README', () => {
    const messages = byPath(configError(() => parseDestination({ ...base, sucess_codes: [200], retry: { max_atempts: 2 }, body: { format: 'xml', template: '<a/>', maping: {} } })));
    expect(messages['sucess_codes']).toBe('unknown option: did you mean `success_codes`? (every option is listed in docs/config-reference.md)');
    expect(messages['retry.max_atempts']).toMatch(/did you mean `max_attempts`\?/);
    expect(messages['body.maping']).toMatch(/^unknown option/);
    expect(Object.values(messages).join('\n')).not.toContain('README');
  });

  it('suggests nothing when no key is close', () => {
    expect(byPath(configError(() => parseDestination({ ...base, zzzzzz: 1 })))['zzzzzz']).toBe('unknown option (every option is listed in docs/config-reference.md)');
  });
});

describe('nearest names', () => {
  it('catches a letter missed, doubled, swapped or changed, and words rearranged or left out', () => {
    expect(nearestName('sucess_codes', ['success_codes', 'success_check'])).toBe('success_codes');
    expect(nearestName('mehtod', ['method', 'name'])).toBe('method');
    expect(nearestName('parkd', ['pending', 'retrying', 'parked', 'success'])).toBe('parked');
    expect(nearestName('ZENITH_KEY', ['ACME_KEY', 'ZENITH_API_KEY'])).toBe('ZENITH_API_KEY');
    expect(nearestName('url', ['name', 'auth', 'body'])).toBeUndefined();
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('a secret that is not granted', () => {
  it('suggests a close name the worker does grant', () => {
    const store = createSecretStore({ env: { LEADWIRE_SECRET_ZENITH_API_KEY: 'v-not-shown', LEADWIRE_SECRET_ACME_KEY: 'v-2' } });
    const resolve = store.resolverFor({ destination: 'Zenith', hosts: ['api.zenith.example'], target: 'url' });
    expect(() => resolve('ZENITH_KEY')).toThrow(/Did you mean \$\{ZENITH_API_KEY\}, which it does grant\?/);
    expect(() => resolve('ZENITH_KEY')).not.toThrow(/v-not-shown/);
    expect(() => resolve('OTHER_THING')).toThrow(/grants no secret named OTHER_THING: .* Set LEADWIRE_SECRET_OTHER_THING/);
  });
});
