import { z } from 'zod';

interface TextOptions {
  /** The message for an absent value (default: `expected <what>`). */
  missing?: string;
  /** Accept the empty string (default false). */
  allowEmpty?: boolean;
}

/**
 * A value that is really text (a password, a key, a client id, a reason, a header value).
 * YAML reads `password: 12345` as a number and `audience: true` as a boolean; such a value is
 * taken as text, as header values always were. The loader then puts back the text exactly as
 * the file wrote it (`0123`, `1.50`, `True`; see written-text.ts), which `String()` cannot.
 * `expected <what>` is the message for anything else: a list, an object, an empty string.
 */
export function textValue(what: string, options: TextOptions = {}) {
  const message = `expected ${what}`;
  const text = z
    .union([z.string(), z.number(), z.boolean()], {
      error: (issue) => (options.missing !== undefined && issue.input === undefined ? options.missing : message),
    })
    .transform((v) => String(v));
  return options.allowEmpty ? text : text.pipe(z.string().min(1, { error: message }));
}
