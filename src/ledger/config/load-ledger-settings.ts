import { readFile } from 'node:fs/promises';
import type { ConfigIssue } from '../../core/errors/config-error.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import { toConfigIssues } from '../../config/format-issues.js';
import { parseDocument } from 'yaml';
import { DEFAULT_LEDGER_SETTINGS, LedgerSettingsSchema, type LedgerSettings } from './ledger-settings-schema.js';

/** Ledger settings that cannot be used: every problem, by path. */
export class LedgerSettingsError extends LeadwireError {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    const lines = issues.map((i) => `  - ${i.path ? `${i.path}: ` : ''}${i.message}`);
    super('CONFIG_INVALID', `${source} is not a valid ledger settings file (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nFix the listed keys (docs/ledger.md, "Settings") and start again.`);
  }
}

/** Validates a parsed settings document; every problem is listed by path. */
export function parseLedgerSettings(value: unknown, source = 'ledger settings'): LedgerSettings {
  const result = LedgerSettingsSchema.safeParse(value ?? {});
  if (!result.success) throw new LedgerSettingsError(source, toConfigIssues(result.error));
  return result.data;
}

/** Reads the file `LEADWIRE_LEDGER_CONFIG` names (YAML or JSON); the defaults when it is unset. */
export async function loadLedgerSettings(env: Record<string, string | undefined> = process.env): Promise<LedgerSettings> {
  const path = env.LEADWIRE_LEDGER_CONFIG?.trim();
  if (!path) return DEFAULT_LEDGER_SETTINGS;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new LeadwireError('CONFIG_NOT_FOUND', `Ledger settings file ${path} (LEADWIRE_LEDGER_CONFIG) could not be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'}). Check the path.`);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: '', message: `${e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : ''}${e.message.split('\n')[0]}` }));
    throw new LedgerSettingsError(path, issues);
  }
  return parseLedgerSettings(doc.toJS(), path);
}
