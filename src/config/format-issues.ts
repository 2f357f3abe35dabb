import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors/config-error.js';
import { nearestName } from '../core/explain/nearest-name.js';
import { exampleLine, expectedWords, jsonSchemaOf, knownKeys, schemaAt } from './schema-hints.js';

/** `['retry', 'delays', 2]` -> `retry.delays[2]`. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * What was validated, so a message can say what to write instead of zod's own words: the
 * schema (its ranges and examples), the value as written, and where every key is documented.
 */
interface IssueContext {
  schema?: z.ZodType;
  input?: unknown;
  /** Where every key is listed, named after "did you mean"; default docs/config-reference.md. */
  reference?: string;
}

/**
 * Flattens zod issues into one line per problem. A union's issues are reduced to the
 * branch that got furthest, so the user reads one reason, not a list of every alternative.
 * With a context, zod's generic messages say the allowed values and an example, and a
 * misspelt key names the nearest known one.
 */
export function toConfigIssues(error: z.ZodError, context: IssueContext = {}): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) collect(issue, [], out, context);
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Issue = z.core.$ZodIssue;

function collect(issue: Issue, prefix: readonly PropertyKey[], out: ConfigIssue[], context: IssueContext): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Pick the branch whose issues reach deepest into the value: it is the one the user meant.
    const branches = issue.errors;
    const depth = (b: Issue[]) => Math.max(...b.map((i) => i.path.length));
    const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) > 0) {
      for (const sub of best) collect(sub, path, out, context);
      return;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    const known = context.schema ? knownKeys(schemaAt(jsonSchemaOf(context.schema), path, context.input)) : [];
    const reference = context.reference ?? 'docs/config-reference.md';
    for (const key of issue.keys) {
      const near = nearestName(key, known);
      out.push({ path: formatIssuePath([...path, key]), message: `unknown option${near ? `: did you mean \`${near}\`?` : ''} (every option is listed in ${reference})` });
    }
    return;
  }
  out.push({ path: formatIssuePath(path), message: plainMessage(issue, path, context) });
}

/** zod's generic wording ("Invalid input: expected number, received string") in the config's own terms. */
function plainMessage(issue: Issue, path: readonly PropertyKey[], context: IssueContext): string {
  const node = context.schema ? schemaAt(jsonSchemaOf(context.schema), path, context.input) : undefined;
  if (!node) return issue.message;
  const written = valueAt(context.input, path);
  const key = path.at(-1);
  const example = exampleLine(key, node);
  const expected = expectedWords(node);
  const eg = example ? `, e.g. \`${example}\`` : '';
  if (written.found && written.value === null) {
    return `has no value (nothing follows \`${String(key)}:\`): write ${expected}${eg}, or delete the line`;
  }
  const quotedNumber = typeof written.value === 'string' && written.value.trim() !== '' && !Number.isNaN(Number(written.value)) && /number/.test(expected);
  // The schema's own messages say what is expected in its terms; zod's generic ones get ours.
  const generic = /^(Invalid input|Too (big|small)|Invalid option)\b/.test(issue.message);
  if (!generic) return quotedNumber && issue.code === 'invalid_type' ? `${issue.message}, got a number in quotes, which is text (write it without quotes)` : issue.message;
  const got = written.found ? describe(written.value) : undefined;
  return `expected ${expected}${got ? `, got ${got}` : ''}${quotedNumber ? ' (write it without quotes)' : ''}${eg}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !(key in (value as object))) return { found: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value };
}

/** What was written, in words: never the text itself, which could be anything (a lead, a password). */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return !Number.isNaN(Number(value)) && value.trim() !== '' ? 'a number in quotes, which is text' : 'text';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
