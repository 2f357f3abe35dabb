import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretStore } from '../../../src/config/load-secrets-file.js';
import { parseSecretsFile } from '../../../src/core/secrets/parse-secrets-file.js';

const use = { destination: 'Acme CRM', hosts: ['api.acme.com'], target: 'url' as const };

/** The message a bad file gets, asserting it is the stable error. */
function problems(text: string): string {
  try {
    parseSecretsFile(text, 'secrets.yaml');
  } catch (err) {
    expect(err).toMatchObject({ code: 'SECRETS_FILE_INVALID' });
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('the secrets file', () => {
  it('parses YAML and JSON; hosts are normalised', () => {
    const yaml = parseSecretsFile(
      ['secrets:', '  ACME_KEY:', '    from_env: ACME_API_KEY', '    destinations: [acme-crm]', '    hosts: [API.Acme.com, "*.acme.com"]', '  MOUNTED:', '    from_file: /run/secrets/m'].join('\n'),
      'secrets.yaml',
    );
    expect(yaml.secrets.ACME_KEY).toEqual({ from_env: 'ACME_API_KEY', destinations: ['acme-crm'], hosts: ['api.acme.com', '*.acme.com'] });
    expect(yaml.secrets.MOUNTED).toEqual({ from_file: '/run/secrets/m' });
    expect(parseSecretsFile('{"secrets": {"K": {"from_env": "V"}}}', 'secrets.json').secrets.K).toEqual({ from_env: 'V' });
  });

  it('lists every problem at once, each with its path', () => {
    const message = problems(
      [
        'secrets:',
        '  NO_SOURCE: { destinations: [a] }',
        '  TWO_SOURCES: { from_env: A, from_file: /x }',
        '  INLINE: { value: hunter2 }',
        '  TYPO: { from_env: A, destination: [a] }',
        '  BAD_HOST: { from_env: A, hosts: [api.acme.com, "https://evil.example/x"] }',
        '  NOBODY: { from_env: A, destinations: [] }',
        '  BAD_VAR: { from_env: "not a name" }',
        '  bad-name: { from_env: A }',
      ].join('\n'),
    );
    expect(message).toContain('secrets.yaml (LEADWIRE_SECRETS_FILE) is not valid');
    expect(message).toMatch(/secrets\.NO_SOURCE: expected from_env or from_file/);
    expect(message).toMatch(/secrets\.TWO_SOURCES: expected only one of from_env and from_file/);
    expect(message).toMatch(/secrets\.INLINE\.value: secret values are not written in this file/);
    expect(message).toMatch(/secrets\.TYPO\.destination: unknown option/);
    expect(message).toMatch(/secrets\.BAD_HOST\.hosts\[1\]: expected a host name/);
    expect(message).toMatch(/secrets\.NOBODY\.destinations: list at least one destination/);
    expect(message).toMatch(/secrets\.BAD_VAR\.from_env: expected the name of an environment variable/);
    expect(message).toMatch(/bad-name.*expected a secret name/);
  });

  it('refuses a file that is not YAML, or not an object with secrets', () => {
    expect(problems('secrets:\n  A: { from_env: B\n')).toMatch(/line \d+, column \d+/);
    expect(problems('- a\n- b\n')).toContain('expected an object with `secrets:`');
    expect(problems('other: 1\n')).toMatch(/secrets: expected `secrets:`|other: unknown option/);
  });
});

describe('loadSecretStore (the worker start)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leadwire-secrets-unit-'));
    await writeFile(join(dir, 'acme_key'), 'from-the-file\n');
    await writeFile(join(dir, 'secrets.yaml'), 'secrets:\n  ACME_KEY:\n    from_file: acme_key\n    destinations: [acme-crm]\n');
    await writeFile(join(dir, 'broken.yaml'), 'secrets:\n  ACME_KEY: { from_env: A, hosts: [] }\n');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without LEADWIRE_SECRETS_FILE only LEADWIRE_SECRET_* is granted', () => {
    const store = loadSecretStore({ LEADWIRE_SECRET_K: 'v', K: 'plain' });
    expect(store.resolverFor(use)('K')).toBe('v');
    expect(store.summary.file).toBeUndefined();
  });

  it('reads from_file relative to the secrets file, at send time', () => {
    const store = loadSecretStore({ LEADWIRE_SECRETS_FILE: join(dir, 'secrets.yaml') });
    expect(store.resolverFor(use)('ACME_KEY')).toBe('from-the-file');
    expect(store.summary.file).toEqual({ path: join(dir, 'secrets.yaml'), names: ['ACME_KEY'] });
  });

  it('a missing or invalid file stops the worker at start, naming the file', () => {
    expect(() => loadSecretStore({ LEADWIRE_SECRETS_FILE: join(dir, 'absent.yaml') })).toThrow(
      expect.objectContaining({ code: 'SECRETS_FILE_INVALID', message: expect.stringMatching(/absent\.yaml.*could not be read \(ENOENT\)/) }),
    );
    expect(() => loadSecretStore({ LEADWIRE_SECRETS_FILE: join(dir, 'broken.yaml') })).toThrow(/secrets\.ACME_KEY\.hosts: list at least one host/);
  });
});
