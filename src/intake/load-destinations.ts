import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Destination } from '../config/destination-schema.js';
import { loadDestinationFile } from '../config/load-destination.js';
import { destinationSlug } from '../core/delivery/delivery-id.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/**
 * Loads every destination file in a directory, keyed by the slug of its name
 * (`Demo CRM` -> `demo-crm`) and by its file name without extension. Any invalid file
 * stops the load, with its problems listed, so the API never starts half-configured.
 */
export async function loadDestinationsDir(dir: string): Promise<Map<string, Destination>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => ['.yaml', '.yml', '.json'].includes(extname(n))).sort();
  } catch (err) {
    throw new LeadwireError('DESTINATIONS_DIR_UNREADABLE', `Could not read the destinations directory ${dir} (${(err as NodeJS.ErrnoException).code}). Pass an existing one with --destinations <dir>.`);
  }
  const map = new Map<string, Destination>();
  for (const name of names) {
    const destination = await loadDestinationFile(join(dir, name));
    map.set(destinationSlug(destination.name), destination);
    map.set(basename(name, extname(name)), destination);
  }
  if (map.size === 0) throw new LeadwireError('DESTINATIONS_EMPTY', `No destination files (.yaml, .yml, .json) in ${dir}. Add one, or pass another directory with --destinations <dir>.`);
  return map;
}
