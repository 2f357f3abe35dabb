import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { HostedDatabase } from './embedded-host.js';

/** Opens (creating on first use) a PGlite database in `dataDir`, or in memory when it is undefined. */
export async function openPglite(dataDir?: string): Promise<HostedDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(dataDir ?? 'memory://');
  return { db, close: () => db.close() };
}
