import { LeadError } from '../errors/lead-error.js';
import type { Lead } from './lead.js';

/** Largest lead accepted, in bytes of JSON. */
const MAX_LEAD_BYTES = 256 * 1024;
const MAX_DEPTH = 32;

/**
 * Checks that a value is a lead: a plain JSON object, not too large, not too deep.
 * Returns it typed; throws a LeadError that says what is wrong otherwise.
 */
export function validateLead(value: unknown): Lead {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new LeadError(`A lead must be a JSON object such as {"email": "a@example.com"}, but got ${kind}.`);
  }
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size > MAX_LEAD_BYTES) {
    throw new LeadError(`The lead is ${size} bytes of JSON; the limit is ${MAX_LEAD_BYTES}. Send only the fields the destination needs.`, 'LEAD_TOO_LARGE');
  }
  if (depthOf(value) > MAX_DEPTH) {
    throw new LeadError(`The lead is nested more than ${MAX_DEPTH} levels deep. Flatten it before delivery.`, 'LEAD_TOO_DEEP');
  }
  const bad = badNumber(value, '');
  if (bad) {
    throw new LeadError(
      `The lead's field ${bad.path} is ${bad.why}, which JSON cannot carry exactly (it would arrive as ${bad.becomes}). Send it as a string.`,
      'LEAD_NUMBER_INVALID',
    );
  }
  return value as Lead;
}

/** Parses JSON text as a lead, with a clear message for text that is not JSON. */
export function parseLeadJson(text: string, source = 'lead'): Lead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new LeadError(`${source} is not valid JSON (${(err as Error).message}). Give a JSON object such as {"email": "a@example.com"}.`, 'LEAD_NOT_JSON');
  }
  return validateLead(value);
}

/**
 * The first number that would not survive as sent: not finite (1e999 parses to Infinity, which
 * JSON writes as null), or an integer beyond 2^53 (a 20-digit id would be silently rounded).
 */
function badNumber(value: unknown, path: string): { path: string; why: string; becomes: string } | undefined {
  if (typeof value === 'number') {
    const at = path || '(the lead)';
    if (!Number.isFinite(value)) return { path: at, why: 'not a finite number', becomes: 'null' };
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { path: at, why: `an integer larger than ${Number.MAX_SAFE_INTEGER}`, becomes: String(value) };
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value)) {
    const found = badNumber(v, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH) return depth;
  if (value === null || typeof value !== 'object') return depth;
  let max = depth;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v, depth + 1));
  return max;
}
