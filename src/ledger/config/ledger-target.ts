import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { LeadwireError } from '../../core/errors/leadwire-error.js';

/**
 * Where the ledger lives, from `LEADWIRE_LEDGER_URL`:
 * - unset or empty: the embedded ledger (PGlite) in `.leadwire/ledger/` under the working folder;
 * - `pglite:<folder>`: the embedded ledger in that folder; `pglite:memory` keeps it in this process's memory (tests);
 * - `postgres://user:password@host:port/database` (or `postgresql://`): a PostgreSQL server;
 * - `off`: no ledger.
 */
export type LedgerTarget =
  | { kind: 'off' }
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'embedded'; dir: string }
  | { kind: 'memory' };

const TargetSchema = z
  .string()
  .trim()
  .transform((value, ctx): LedgerTarget => {
    if (value === '') return { kind: 'embedded', dir: '' };
    if (value.toLowerCase() === 'off') return { kind: 'off' };
    if (/^postgres(ql)?:\/\//i.test(value)) {
      if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: 'is not a valid postgres:// URL (percent-encode special characters in the password)' });
      return { kind: 'postgres', connectionString: value };
    }
    const pglite = /^pglite:(.+)$/i.exec(value);
    if (pglite) return pglite[1] === 'memory' ? { kind: 'memory' } : { kind: 'embedded', dir: pglite[1]! };
    ctx.addIssue({ code: 'custom', message: 'must be postgres://user:password@host:port/database, pglite:<folder>, pglite:memory or off' });
    return z.NEVER;
  });

/** Reads `LEADWIRE_LEDGER_URL`. Errors never repeat the value: it may hold a password. */
export function readLedgerTarget(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): LedgerTarget {
  const parsed = TargetSchema.safeParse(env.LEADWIRE_LEDGER_URL ?? '');
  if (!parsed.success) {
    throw new LeadwireError('LEDGER_URL_INVALID', `LEADWIRE_LEDGER_URL ${parsed.error.issues[0]!.message}. Fix the variable (or unset it for the embedded ledger in .leadwire/ledger/) and start again.`);
  }
  const target = parsed.data;
  if (target.kind !== 'embedded') return target;
  const dir = target.dir === '' ? join(cwd, '.leadwire', 'ledger') : isAbsolute(target.dir) ? target.dir : resolve(cwd, target.dir);
  return { kind: 'embedded', dir };
}

/** Where the ledger is, in words safe to log: never a user name or password. */
export function describeLedgerTarget(target: LedgerTarget): string {
  switch (target.kind) {
    case 'off':
      return 'off (LEADWIRE_LEDGER_URL=off)';
    case 'memory':
      return 'embedded, in memory';
    case 'embedded':
      return `embedded (PGlite) in ${target.dir}`;
    case 'postgres': {
      const url = new URL(target.connectionString);
      return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
    }
  }
}
