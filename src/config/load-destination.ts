import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors/config-error.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Destination } from './destination-schema.js';
import { parseDestination } from './parse-destination.js';
import { destinationConstantKind, keepWrittenText, writtenScalars } from './written-text.js';

/** Reads a destination from a `.yaml`, `.yml` or `.json` file and validates it. */
export async function loadDestinationFile(path: string): Promise<Destination> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LeadwireError(
      'CONFIG_NOT_FOUND',
      code === 'ENOENT'
        ? `Destination file ${path} does not exist. Check the path (examples live in examples/destinations/).`
        : `Destination file ${path} could not be read (${code ?? 'unknown error'}). Check its permissions.`,
    );
  }
  return parseDestinationText(text, path);
}

/**
 * Parses YAML (a superset of JSON) and validates it as a destination. A number or boolean
 * where the value is text keeps the text the file wrote (`password: 0123` is "0123").
 */
export function parseDestinationText(text: string, source: string): Destination {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({
        path: '',
        message: `${e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : ''}${e.message.split('\n')[0]}`,
      })),
    );
  }
  return keepWrittenText(parseDestination(doc.toJS({ maxAliasCount: 100 }), source), writtenScalars(doc), destinationConstantKind);
}
