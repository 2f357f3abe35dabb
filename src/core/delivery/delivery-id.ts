import { createHash } from 'node:crypto';
import type { Lead } from '../lead/lead.js';
import { getPath } from '../paths/get-path.js';
import { boundedId, WORKFLOW_ID_LIMITS } from './bounded-id.js';
import { destinationSlug } from './destination-slug.js';

export { destinationSlug };

/** JSON with object keys sorted at every level: equal leads give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The lead's id: its `lead_id_field` when present, otherwise a hash of its canonical
 * JSON, so the same lead submitted twice gets the same id.
 */
export function leadIdOf(lead: Lead, leadIdField: string): string {
  const raw = getPath(lead, leadIdField);
  if ((typeof raw === 'string' && raw.trim() !== '') || typeof raw === 'number') return String(raw).trim();
  return `sha256-${createHash('sha256').update(canonicalJson(lead)).digest('hex').slice(0, 24)}`;
}

/**
 * The delivery id: the workflow id, and the `Idempotency-Key` sent on every attempt.
 * Derived from the destination and the lead, so starting the same delivery twice is one
 * delivery; a long one is cut and ends in a hash of the whole (bounded-id.ts), so two leads
 * whose ids share their first 255 characters still get two deliveries.
 */
export function deliveryIdFor(destinationName: string, leadId: string, given?: string): string {
  if (given) return given;
  return boundedId(`${destinationSlug(destinationName)}--${leadId.replace(/\s+/g, '-')}`, WORKFLOW_ID_LIMITS);
}
