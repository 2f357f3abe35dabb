import type { ErrorCode } from '../core/errors/error-codes.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { MissingSecretError } from '../core/errors/secret-error.js';
import { maskingSecretResolver, secretNames, type SecretResolver } from '../core/secrets/secret-refs.js';

/**
 * The secrets a render in the sandbox may read, as plain data (a function cannot cross a
 * process boundary): every `${NAME}` the destination references, resolved in the worker
 * beforehand, or the reason it could not be (thrown in the sandbox only if the render uses it).
 */
export type SandboxSecrets =
  | { masked: true }
  | { masked?: false; values: Record<string, string>; refused: Record<string, { code: ErrorCode; message: string }> };

/** Every `${NAME}` in any string of `config`, once each. */
function referencedSecretNames(config: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof value === 'string') for (const name of secretNames(value)) names.add(name);
    else if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) visit(v, depth + 1);
  };
  visit(config, 0);
  return [...names];
}

/** Resolves what `config` references with `resolver`, in the worker, into data for the sandbox. */
export function sandboxSecrets(config: unknown, resolver: SecretResolver): SandboxSecrets {
  if (resolver.masked) return { masked: true };
  const values: Record<string, string> = {};
  const refused: Record<string, { code: ErrorCode; message: string }> = {};
  for (const name of referencedSecretNames(config)) {
    try {
      values[name] = resolver(name);
    } catch (err) {
      if (!(err instanceof LeadwireError)) throw err;
      refused[name] = { code: err.code, message: err.message };
    }
  }
  return { values, refused };
}

/** The resolver a sandboxed render uses: the values handed in, the same errors for the rest. */
export function resolverFromSandboxSecrets(secrets: SandboxSecrets): SecretResolver {
  if (secrets.masked) return maskingSecretResolver;
  return (name) => {
    if (Object.hasOwn(secrets.values, name)) return secrets.values[name]!;
    const refused = secrets.refused[name];
    if (refused) throw new LeadwireError(refused.code, refused.message);
    throw new MissingSecretError(name, `The secret ${name} was not resolved for this render. Reference it as \${${name}} in the destination's config, where the worker can see it.`);
  };
}
