import { redactUrl } from '../redact/redact-url.js';
import { dayAndTime, duration, oneLine } from './words.js';

/** What the summaries need of a destination: its configured method and URL template. */
export interface RequestTarget {
  method: string;
  url: string;
  endpoints?: readonly string[];
  routes?: readonly unknown[];
}

/**
 * The request a destination sends, for summaries: the method and the URL template without its
 * query or fragment (where lead values and keys go), user-info masked. The rendered URL is
 * never used: it may carry the lead's own data (`?email=...`).
 */
export function targetOf(target: RequestTarget): string {
  const url = redactUrl(target.url.split(/[?#]/)[0]!.trim());
  const more = [
    target.endpoints?.length ? `+${target.endpoints.length} endpoint${target.endpoints.length === 1 ? '' : 's'}` : '',
    target.routes?.length ? 'or a route' : '',
  ].filter(Boolean);
  return `${target.method.toUpperCase()} ${url}${more.length ? ` (${more.join(', ')})` : ''}`;
}

/** The send activity's summary: "POST https://api.example.com/leads, attempt 2". */
export function sendSummary(target: RequestTarget, attempt: number, batchSize?: number): string {
  return oneLine(`${targetOf(target)}, attempt ${attempt}${batchSize !== undefined ? `, batch of ${batchSize}` : ''}`);
}

/** The render step's summary. */
export function renderSummary(destination: string, batchSize?: number): string {
  return oneLine(batchSize !== undefined ? `render a batch of ${batchSize} for ${destination}` : `render the lead for ${destination}`);
}

/** The judge step's summary: "judge attempt 2: HTTP 503". */
export function judgeSummary(attempt: number, status: number | undefined, errorCode: string | undefined): string {
  const what = status !== undefined ? `HTTP ${status}` : (errorCode ?? 'no response');
  return oneLine(`judge attempt ${attempt}: ${what}`);
}

/** The retry timer's summary: "attempt 3 of 5 in 4 s". */
export function retryTimerSummary(nextAttempt: number, maxAttempts: number, delayMs: number): string {
  return oneLine(`attempt ${nextAttempt} of ${maxAttempts} in ${duration(delayMs)}`);
}

/** The park timer's summary: "park window: waiting for an operator until 2026-12-07 10:02 UTC". */
export function parkTimerSummary(until: string): string {
  return oneLine(`park window: waiting for an operator until ${dayAndTime(until)}`);
}
