import { z } from 'zod';
import { parseHostPattern } from '../core/secrets/grant-patterns.js';
import { textValue } from './text-value.js';

const SECRET_NAME_PROBLEM = 'expected a secret name as destinations write it in ${NAME}: letters, digits and _';
/** A secret's name as destinations write it, `${NAME}` or `${env:NAME}`. */
const secretName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: SECRET_NAME_PROBLEM });

const hostPattern = z.string({ error: 'expected a host name such as api.acme.com or *.acme.com' }).transform((value, ctx) => {
  const parsed = parseHostPattern(value);
  if ('host' in parsed) return parsed.host;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/**
 * One secret of the worker: where its value comes from (exactly one of `from_env`,
 * `from_file`) and who may use it. Values are read when a request needs them, never written here.
 */
const SecretEntrySchema = z
  .strictObject({
    /** An environment variable of the worker holding the value (the migration path for `${API_KEY}` read from `API_KEY`). */
    from_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected the name of an environment variable (letters, digits and _)' }).optional(),
    /** A file holding the value (a mounted secret); relative to the secrets file's folder; a trailing newline is dropped. */
    from_file: z.string().min(1, { error: 'expected a file path' }).optional(),
    /** Destinations that may use it, by slug (`acme-crm`) or exact name; `*` is a wildcard. Absent: every destination. */
    destinations: z.array(textValue('a destination slug or name')).min(1, { error: 'list at least one destination, or leave `destinations` out to grant every destination' }).optional(),
    /** Hosts it may be sent to (`api.acme.com`, `*.acme.com`, any port). Absent: any host. */
    hosts: z.array(hostPattern).min(1, { error: 'list at least one host, or leave `hosts` out to allow any host' }).optional(),
    value: z.never({ error: 'secret values are not written in this file: say where the value comes from with from_env or from_file' }).optional(),
  })
  .superRefine((entry, ctx) => {
    const sources = [entry.from_env, entry.from_file].filter((s) => s !== undefined).length;
    if (sources !== 1) ctx.addIssue({ code: 'custom', message: sources === 0 ? 'expected from_env or from_file: where the value comes from' : 'expected only one of from_env and from_file' });
  });

/** The worker's secrets file (`LEADWIRE_SECRETS_FILE`, YAML or JSON): `secrets: { NAME: entry }`. */
export const SecretsFileSchema = z.strictObject({
  secrets: z.record(secretName, SecretEntrySchema, {
    error: (issue) => (issue.code === 'invalid_type' ? 'expected `secrets:` with one entry per secret name' : issue.code === 'invalid_key' ? SECRET_NAME_PROBLEM : undefined),
  }),
});

export type SecretsFile = z.output<typeof SecretsFileSchema>;
