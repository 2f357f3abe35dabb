import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors/config-error.js';

/** `['retry', 'delays', 2]` -> `retry.delays[2]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/**
 * Flattens zod issues into one line per problem. A union's issues are reduced to the
 * branch that got furthest, so the user reads one reason, not a list of every alternative.
 */
export function toConfigIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) collect(issue, prefix, out);
  const seen = new Set<string>();
  return out.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type Issue = z.core.$ZodIssue;

function collect(issue: Issue, prefix: readonly PropertyKey[], out: ConfigIssue[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Pick the branch whose issues reach deepest into the value: it is the one the user meant.
    const branches = issue.errors;
    const depth = (b: Issue[]) => Math.max(...b.map((i) => i.path.length));
    const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) > 0) {
      for (const sub of best) collect(sub, path, out);
      return;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      out.push({ path: formatIssuePath([...path, key]), message: 'unknown option (check its spelling against the README)' });
    }
    return;
  }
  out.push({ path: formatIssuePath(path), message: issue.message });
}
