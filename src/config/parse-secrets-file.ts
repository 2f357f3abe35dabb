import { parseDocument } from 'yaml';
import { toConfigIssues } from './format-issues.js';
import { SecretsFileSchema, type SecretsFile } from './secrets-file-schema.js';
import { keepWrittenText, writtenScalars } from './written-text.js';
import { yamlSyntaxIssue } from './yaml-syntax-issue.js';
import type { ConfigIssue } from '../core/errors/config-error.js';
import { SecretsFileError } from '../core/errors/secret-error.js';

function invalid(source: string, issues: ConfigIssue[]): SecretsFileError {
  const lines = issues.map((i) => `  - ${i.line !== undefined ? `line ${i.line}, column ${i.col ?? 1}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`);
  return new SecretsFileError(
    `The secrets file ${source} (LEADWIRE_SECRETS_FILE) is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nFix it and start the worker again (SECURITY.md describes the file).`,
  );
}

/**
 * Parses and validates the secrets file's text (YAML, or JSON, which is YAML). Every problem
 * is listed with its path (`secrets.ACME_KEY.hosts[1]`); the file holds no values, so the
 * message may quote it.
 */
export function parseSecretsFile(text: string, source: string): SecretsFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(source, [yamlSyntaxIssue(doc.errors, text)]);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(source, [{ path: '', message: 'expected an object with `secrets:`, one entry per secret name' }]);
  }
  const result = SecretsFileSchema.safeParse(raw);
  if (!result.success) throw invalid(source, toConfigIssues(result.error, { schema: SecretsFileSchema, input: raw, reference: 'SECURITY.md' }));
  return keepWrittenText(result.data, writtenScalars(doc));
}
