import { readFile, stat } from 'node:fs/promises';
import { LeadError } from '../core/errors/lead-error.js';
import type { Lead } from '../core/lead/lead.js';
import { parseLeadJson } from '../core/lead/validate-lead.js';

/** Reads `--lead`: inline JSON, or `@path/to/lead.json`. */
export async function readLeadArg(arg: string): Promise<Lead> {
  if (arg.startsWith('@')) {
    const path = arg.slice(1);
    return parseLeadJson(await readText(path), path);
  }
  try {
    return parseLeadJson(arg, '--lead');
  } catch (err) {
    // `--lead lead.json` is a file name, not JSON: say how to read it.
    if (err instanceof LeadError && err.code === 'LEAD_NOT_JSON' && (await isFile(arg))) {
      throw new LeadError(`--lead ${arg} is not JSON but names a file: write --lead @${arg} to read the lead from it.`, 'LEAD_NOT_JSON');
    }
    throw err;
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
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
