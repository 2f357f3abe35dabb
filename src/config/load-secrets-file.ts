import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SecretsFileError } from '../core/errors/secret-error.js';
import { parseSecretsFile } from './parse-secrets-file.js';
import { createSecretStore, type SecretStore } from '../core/secrets/secret-store.js';

/**
 * The worker's secret store, from its environment: `LEADWIRE_SECRET_*` variables, and the
 * secrets file `LEADWIRE_SECRETS_FILE` names, read and validated now (a worker with a bad file
 * does not start). `from_file` paths are relative to the secrets file's folder and are read
 * when a request needs them, so a rotated file is picked up without a restart.
 */
export function loadSecretStore(env: Record<string, string | undefined> = process.env): SecretStore {
  const path = env.LEADWIRE_SECRETS_FILE;
  if (!path) return createSecretStore({ env });
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new SecretsFileError(
      `The secrets file ${path} (LEADWIRE_SECRETS_FILE) could not be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'}). Check the path and its permissions, or unset LEADWIRE_SECRETS_FILE.`,
    );
  }
  const parsed = parseSecretsFile(text, path);
  const dir = dirname(absolute);
  const secrets = Object.fromEntries(
    Object.entries(parsed.secrets).map(([name, entry]) => [name, entry.from_file === undefined ? entry : { ...entry, from_file: resolve(dir, entry.from_file) }]),
  );
  return createSecretStore({ env, file: { path, secrets: { secrets } }, readFile: (p) => readFileSync(p, 'utf8') });
}
