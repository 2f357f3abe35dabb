import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDestinationFile } from '../../../src/config/load-destination.js';
import { loadSecretStore } from '../../../src/config/load-secrets-file.js';
import { referencedSecrets } from '../../../src/core/secrets/referenced-secrets.js';
import { urlHost } from '../../../src/core/secrets/request-hosts.js';
import { parseSecretsFile } from '../../../src/config/parse-secrets-file.js';

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

describe('examples/secrets.yaml', () => {
  it('grants every example destination exactly the secrets it references, for the hosts it sends them to', async () => {
    const env = { LEADWIRE_SECRETS_FILE: 'examples/secrets.yaml', ...Object.fromEntries(EXAMPLE_VARS.map((v) => [v, `value-of-${v}`])) };
    const store = loadSecretStore(env);
    const files = (await readdir('examples/destinations')).filter((f) => f.endsWith('.yaml'));
    let checked = 0;
    for (const f of files) {
      const destination = await loadDestinationFile(join('examples/destinations', f));
      const { request, tokenUrl } = referencedSecrets(destination);
      const hostsOf = (urls: string[]) => urls.map(urlHost);
      const resolve = store.resolverFor({ destination: destination.name, hosts: hostsOf([destination.url, ...(destination.endpoints ?? [])]), target: 'url' });
      for (const name of request) expect(resolve(name), `${f}: ${name}`).toBe(`value-of-EXAMPLE_${name}`);
      if (destination.auth?.type === 'oauth2_client_credentials') {
        const token = store.resolverFor({ destination: destination.name, hosts: hostsOf([destination.auth.token_url]), target: 'token_url' });
        for (const name of tokenUrl) expect(token(name), `${f}: ${name}`).toBe(`value-of-EXAMPLE_${name}`);
      }
      checked += request.length + tokenUrl.length;
      // ...and no other destination's: one it does not reference is refused.
      if (!request.includes('API_KEY')) expect(() => resolve('API_KEY')).toThrow(expect.objectContaining({ code: 'SECRET_NOT_GRANTED' }));
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

const EXAMPLE_VARS = ['API_KEY', 'API_TOKEN', 'API_PASSWORD', 'HASH_SECRET', 'WEBHOOK_SECRET', 'WEBHOOK_SECRET_NEW', 'WEBHOOK_SECRET_OLD', 'OAUTH_CLIENT_SECRET'].map((n) => `EXAMPLE_${n}`);
