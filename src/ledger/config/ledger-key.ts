import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { LedgerTarget } from './ledger-target.js';

/**
 * The secret the ledger's lead keys are hashed with (HMAC-SHA256), from `LEADWIRE_LEDGER_KEY`
 * (base64, at least 16 bytes: `openssl rand -base64 32`). Every worker and CLI that writes or
 * erases must use the same key. The embedded ledger makes one on first use and keeps it beside
 * its data (`hash-key`, mode 0600); a PostgreSQL ledger needs the variable.
 */
export async function readLedgerKey(target: LedgerTarget, env: Record<string, string | undefined> = process.env): Promise<Buffer> {
  const given = env.LEADWIRE_LEDGER_KEY?.trim();
  if (given) {
    const key = Buffer.from(given, 'base64');
    if (key.length < 16) throw new LeadwireError('LEDGER_KEY_INVALID', `LEADWIRE_LEDGER_KEY is ${key.length} bytes of base64; it needs at least 16 (make one with: openssl rand -base64 32).`);
    return key;
  }
  if (target.kind === 'memory') return randomBytes(32);
  if (target.kind === 'embedded') return embeddedKey(target.dir);
  throw new LeadwireError(
    'LEDGER_KEY_MISSING',
    'LEADWIRE_LEDGER_KEY is not set. The ledger stores lead keys (email, phone) only as HMACs with this secret, so every worker and CLI must share it: set it (openssl rand -base64 32) and start again.',
  );
}

async function embeddedKey(dir: string): Promise<Buffer> {
  const file = join(dir, 'hash-key');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Another process may have created the file a moment ago and not written it yet.
  for (let tries = 0; ; tries++) {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length >= 16 || tries >= 40) return key;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
