import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { Lead } from '../../src/core/lead/lead.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE_HOST = 'http://127.0.0.1:8787';

export const examplePath = (name: string) => `${ROOT}examples/destinations/${name}.yaml`;

/**
 * An example destination with `http://127.0.0.1:8787` (the examples' receiver) replaced by
 * the test's servers, and any extra options laid over it.
 */
export async function exampleDestination(name: string, host: string, extra: Record<string, unknown> = {}, hosts: Record<string, string> = {}): Promise<DestinationInput> {
  let text = await readFile(examplePath(name), 'utf8');
  for (const [from, to] of Object.entries(hosts)) text = text.split(from).join(to);
  text = text.split(EXAMPLE_HOST).join(host);
  return { ...(parseDocument(text).toJS() as DestinationInput), ...extra };
}

export async function exampleLead(name: string): Promise<Lead> {
  return JSON.parse(await readFile(`${ROOT}examples/leads/${name}.json`, 'utf8')) as Lead;
}
