/**
 * Secret references in config strings: `${API_KEY}` (as in the seed guide) or the
 * explicit `${env:API_KEY}`; both name the secret API_KEY. They stay unresolved everywhere
 * except inside the sending activity, which resolves them through the worker's secret store
 * (secret-store.ts): only secrets granted to the destination, for the hosts it sends to.
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

/** The mask shown in place of a secret's value (render previews, records, logs). */
export const maskSecret = (name: string): string => `***${name}***`;

/** A resolver that never reads a secret: it masks every reference. */
export const maskingSecretResolver: SecretResolver = Object.assign((name: string) => maskSecret(name), { masked: true });
