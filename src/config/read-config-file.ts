import { readFile } from 'node:fs/promises';
import { parseDocument, type Document } from 'yaml';
import { ConfigError } from '../core/errors/config-error.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { yamlSyntaxIssue } from './yaml-syntax-issue.js';

/** Which config a file holds: names it in messages and says where its examples are. */
type ConfigFileKind = 'destination' | 'flow';

const EXAMPLES: Record<ConfigFileKind, string> = { destination: 'examples/destinations/', flow: 'examples/flows/' };
const TITLE: Record<ConfigFileKind, string> = { destination: 'Destination', flow: 'Flow' };

/** Reads a config file's text; a missing or unreadable file is CONFIG_NOT_FOUND, saying which. */
export async function readConfigFile(path: string, kind: ConfigFileKind): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LeadwireError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT'
        ? `${TITLE[kind]} file ${path} does not exist. Check the path (examples live in ${EXAMPLES[kind]}).`
        : `${TITLE[kind]} file ${path} could not be read (${code ?? 'unknown error'}). Check its permissions.`,
    );
  }
}

/** Parses YAML (a superset of JSON); a syntax error is a ConfigError with one issue, at its line and column. */
export function parseConfigDocument(text: string, source: string, kind: ConfigFileKind): Document {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(source, [yamlSyntaxIssue(doc.errors, text)], kind);
  }
  return doc;
}
