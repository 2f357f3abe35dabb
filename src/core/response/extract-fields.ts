import { getPath } from '../paths/get-path.js';

/** Reads each named path from a parsed body; fields not found are left out. */
export function extractFields(parsed: unknown, parser: Record<string, string> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!parser || parsed === undefined) return fields;
  for (const [name, path] of Object.entries(parser)) {
    const value = getPath(parsed, path);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}
