import type { Destination } from './destination-schema.js';
import { parseDestination } from './parse-destination.js';
import { parseConfigDocument, readConfigFile } from './read-config-file.js';
import { destinationConstantKind, keepWrittenText, writtenScalars } from './written-text.js';

/** Reads a destination from a `.yaml`, `.yml` or `.json` file and validates it. */
export async function loadDestinationFile(path: string): Promise<Destination> {
  return parseDestinationText(await readConfigFile(path, 'destination'), path);
}

/**
 * Parses YAML (a superset of JSON) and validates it as a destination. A number or boolean
 * where the value is text keeps the text the file wrote (`password: 0123` is "0123").
 */
export function parseDestinationText(text: string, source: string): Destination {
  const doc = parseConfigDocument(text, source, 'destination');
  return keepWrittenText(parseDestination(doc.toJS({ maxAliasCount: 100 }), source), writtenScalars(doc), destinationConstantKind);
}
