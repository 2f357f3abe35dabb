import type { Outcome } from '../delivery/outcome.js';
import { ownErrorCode } from './own-error-code.js';
import { clockTime, dayAndTime, duration, plural } from './words.js';

/** The last failed attempt, as the record has it: status and reason are already redacted. */
export interface LastAttempt {
  status?: number;
  /** As recorded (an earlier release's record may hold a code no longer listed). */
  errorCode?: string;
  reason: string;
}

/** Who the words are about: a single lead's delivery or a batch. */
export interface Subject {
  kind: 'lead' | 'batch';
  /** The workflow id the operator acts on (delivery id or batch id). */
  id: string;
  destination: string;
}

/**
 * The moment of a delivery the Web UI's "Current details" describes. Times are ISO 8601,
 * passed in (the workflow's deterministic clock), never read here.
 */
export type DeliveryMoment =
  | { state: 'rendering' }
  | { state: 'sending'; attempt: number; maxAttempts: number; target: string }
  | { state: 'waiting-to-retry'; nextAttempt: number; maxAttempts: number; delayMs: number; at: string; last: LastAttempt }
  | { state: 'parked'; since: string; until: string; attempts: number; last: LastAttempt; exhausted: boolean }
  | { state: 'done'; outcome: Outcome; reason: string; attempts: number; status?: number; errorCode?: string };

/** The longest reason quoted; the rest stays in the record (`leadwire status`, the query `status`). */
const REASON_MAX = 240;

/**
 * The plain words the workflow keeps as its current details (Markdown: the Web UI renders it), so that an operator who has
 * only the Web UI learns what is happening and, when it waits for them, what to do.
 * Only the destination's name, status codes, error codes and reasons already redacted by
 * the judge go in: never a secret nor the lead's own data. A problem is named by its error code
 * (docs/errors.md), so an operator can look it up.
 */
export function currentDetails(subject: Subject, moment: DeliveryMoment): string {
  const what = subject.kind === 'batch' ? 'the batch' : 'the lead';
  switch (moment.state) {
    case 'rendering':
      return `Rendering ${what} for ${subject.destination}.`;
    case 'sending':
      return `Sending attempt ${moment.attempt} of ${moment.maxAttempts} to ${subject.destination}: ${moment.target}.`;
    case 'waiting-to-retry':
      return [
        `Waiting ${duration(moment.delayMs)} before attempt ${moment.nextAttempt} of ${moment.maxAttempts} (at ${clockTime(moment.at)}). Last attempt: ${lastWords(moment.last)}.`,
        '',
        `- Retry now: update or signal \`retry\` with \`{}\`, or \`leadwire retry ${subject.id}\``,
        `- Give up: update or signal \`giveUp\` with \`{"reason": "..."}\`, or \`leadwire abandon ${subject.id} --reason "..."\``,
      ].join('\n');
    case 'parked': {
      const why = moment.exhausted ? `${problem(moment.last)} after ${plural(moment.attempts, 'attempt')}` : `${problem(moment.last)}, which is not retried by itself`;
      return [
        `Parked since ${clockTime(moment.since)}: ${why} (last: ${quote(moment.last.reason)}). Waiting for an operator until ${dayAndTime(moment.until)}; if nobody acts, it ends as not delivered.`,
        '',
        `- Retry: update or signal \`retry\` with \`{}\` (or \`{"destination": {...}}\`, a whole corrected destination), or \`leadwire retry ${subject.id}\``,
        `- Give up: update or signal \`giveUp\` with \`{"reason": "..."}\`, or \`leadwire abandon ${subject.id} --reason "..."\``,
      ].join('\n');
    }
    case 'done':
      return doneWords(subject, moment);
  }
}

function doneWords(subject: Subject, m: Extract<DeliveryMoment, { state: 'done' }>): string {
  const code = m.outcome === 'failure' || m.outcome === 'error' ? ownErrorCode(m.status, m.errorCode) : undefined;
  const tries = [m.status !== undefined ? `HTTP ${m.status}` : '', code ?? '', m.attempts > 0 ? plural(m.attempts, 'attempt') : ''].filter(Boolean).join(', ');
  const after = tries ? ` (${tries})` : '';
  switch (m.outcome) {
    case 'success':
      return `Delivered to ${subject.destination}${after}: ${quote(m.reason)}.`;
    case 'failure':
      return `Rejected by ${subject.destination}${after}: ${quote(m.reason)}.`;
    case 'error':
      return `Not delivered to ${subject.destination}${after}: ${quote(m.reason)}.`;
    case 'skipped':
      return `Skipped, nothing sent to ${subject.destination}: ${quote(m.reason)}.`;
    case 'cancelled':
      return `Cancelled by an operator${after}.`;
  }
}

/** "HTTP 503", "HTTP 200 (RESPONSE_REJECTED)" or the network error's code ("TIMEOUT"). */
function problem(last: LastAttempt): string {
  const code = ownErrorCode(last.status, last.errorCode);
  if (last.status !== undefined) return `HTTP ${last.status}${code ? ` (${code})` : ''}`;
  return code ?? 'an error';
}

function lastWords(last: LastAttempt): string {
  return `${problem(last)}, ${quote(last.reason)}`;
}

/** A reason on one line, cut to a readable length, without a trailing full stop. */
function quote(reason: string): string {
  const line = reason.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return line.length > REASON_MAX ? `${line.slice(0, REASON_MAX - 1)}…` : line;
}
