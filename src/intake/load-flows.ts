import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { loadFlowFile } from '../config/load-flow.js';
import { destinationSlug } from '../core/delivery/destination-slug.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import type { Flow } from '../config/loaded-flow.js';

/**
 * Loads every flow file in a directory, keyed by the slug of its name and by its file name
 * without extension. Any invalid file stops the load, with its problems listed.
 */
export async function loadFlowsDir(dir: string): Promise<Map<string, Flow>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => ['.yaml', '.yml', '.json'].includes(extname(n))).sort();
  } catch (err) {
    throw new LeadwireError('FLOWS_DIR_UNREADABLE', `Could not read the flows directory ${dir} (${(err as NodeJS.ErrnoException).code}). Pass an existing one with --flows <dir>.`);
  }
  const map = new Map<string, Flow>();
  for (const name of names) {
    const flow = await loadFlowFile(join(dir, name));
    map.set(destinationSlug(flow.name), flow);
    map.set(basename(name, extname(name)), flow);
  }
  return map;
}
