import { readFile } from 'node:fs/promises';
import { LeadError } from '../core/errors/lead-error.js';
import type { Lead } from '../core/lead/lead.js';
import { parseLeadJson } from '../core/lead/validate-lead.js';

/** Reads `--lead`: inline JSON, or `@path/to/lead.json`. */
export async function readLeadArg(arg: string): Promise<Lead> {
  if (arg.startsWith('@')) {
    const path = arg.slice(1);
    return parseLeadJson(await readText(path), path);
  }
  return parseLeadJson(arg, '--lead');
}

/** Reads a JSON Lines file of leads (blank lines ignored); each bad line is reported by number. */
export async function readLeadsFile(path: string): Promise<Lead[]> {
  const text = await readText(path);
  const leads: Lead[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim()) leads.push(parseLeadJson(line, `${path} line ${i + 1}`));
  });
  return leads;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LeadError(code === 'ENOENT' ? `Lead file ${path} does not exist. Check the path.` : `Lead file ${path} could not be read (${code}).`, 'LEAD_FILE_UNREADABLE');
  }
}
