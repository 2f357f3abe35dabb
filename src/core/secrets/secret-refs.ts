import { MissingSecretError } from '../errors/secret-error.js';

/**
 * Secret references in config strings: `${API_KEY}` (as in the seed guide) or the
 * explicit `${env:API_KEY}`. They stay unresolved everywhere except inside the
 * sending activity, which resolves them from the worker's environment.
 */
export const SECRET_REF = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Resolves one secret by name: returns its value or throws. A masking resolver says so
 * (`masked`), so values derived from a secret (signatures, hashes) are shown as masks too.
 */
export type SecretResolver = ((name: string) => string) & { readonly masked?: boolean };

/** Names of every secret referenced in a string. */
export function secretNames(text: string): string[] {
  return [...text.matchAll(SECRET_REF)].map((m) => m[1]!);
}

/** Replaces every `${NAME}` in `text` with what `resolve` gives for NAME. */
export function substituteSecrets(text: string, resolve: SecretResolver): string {
  return text.replace(SECRET_REF, (_, name: string) => resolve(name));
}

/** A resolver reading the worker's environment; a missing or empty variable is an error naming it. */
export function envSecretResolver(env: Record<string, string | undefined> = process.env): SecretResolver {
  return (name) => {
    const value = env[name];
    if (value === undefined || value === '') throw new MissingSecretError(name);
    return value;
  };
}

/** The mask shown in place of a secret's value (render previews, records, logs). */
export const maskSecret = (name: string): string => `***${name}***`;

/** A resolver that never reads a secret: it masks every reference. */
export const maskingSecretResolver: SecretResolver = Object.assign((name: string) => maskSecret(name), { masked: true });
