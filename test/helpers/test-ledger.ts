import { openLedger, type Ledger } from '../../src/ledger/open-ledger.js';
import { parseLedgerSettings } from '../../src/ledger/config/load-ledger-settings.js';

/** A ledger in this test process's memory (PGlite, served on a loopback port): one per test file, it takes a second or more to start. */
export async function openTestLedger(settings: unknown = {}, env: Record<string, string | undefined> = {}): Promise<Ledger> {
  const ledger = await openLedger({ env: { LEADWIRE_LEDGER_URL: 'pglite:memory', ...env }, settings: parseLedgerSettings(settings) });
  return ledger!;
}
