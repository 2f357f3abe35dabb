import { targetOf, type RequestTarget } from './step-summaries.js';

/** What the start of a delivery says about it, for the Web UI's "Details" (Markdown). */
interface DeliveryStart {
  destination: string;
  /** The destination's method and URL template (never the rendered URL). */
  target: RequestTarget;
  /** The workflow id an operator acts on. */
  id: string;
  /** A single lead's id, or the number of leads of a batch. */
  lead: { id: string } | { count: number };
}

/**
 * The static details a delivery starts with: what it delivers where, and where to look for the
 * rest. No lead data beyond its id (which SECURITY.md asks never to be personal data).
 */
export function staticDetails(start: DeliveryStart): string {
  const what = 'id' in start.lead ? `lead \`${start.lead.id}\`` : `a batch of ${start.lead.count} leads`;
  const query = 'id' in start.lead ? 'status' : 'batchStatus';
  return [
    `Delivers ${what} to ${start.destination}: ${targetOf(start.target)}.`,
    '',
    `- Now: the Current details say what it is doing or waiting for, and what an operator can do.`,
    `- The record: query \`${query}\` (Queries tab), the Result once it ends, or \`leadwire status ${start.id}\`.`,
    `- Outcome in the list: the search attribute \`LeadwireOutcome\` (pending, parked, retrying, then success, failure, error, skipped or cancelled).`,
  ].join('\n');
}
