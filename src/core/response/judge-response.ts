import type { JudgePlan } from '../../contract/delivery-plan.js';
import { credentialParamNames } from '../auth/credential-names.js';
import { redactUrlsInText } from '../redact/redact-url.js';
import { applyAtMostOnce } from './at-most-once.js';
import { NON_RETRYABLE_NETWORK_CODES } from '../delivery/network-errors.js';
import type { SendResult } from '../delivery/send-result.js';
import { isRetryableStatus } from '../retry/is-retryable-status.js';
import { parseRetryAfter } from '../retry/parse-retry-after.js';
import { extractFields, extractText, extractValue, toPrice } from './extract-fields.js';
import { joinValues, valueText } from './join-values.js';
import { matchesExpected } from './match-value.js';
import { parseBody, type ParsedBody } from './parse-body.js';
import type { ResponsePath } from './path-syntax.js';
import { searchTerm } from './search-term.js';
import { selectValues } from './select-values.js';
import type { Verdict } from './verdict.js';

/** The code of an attempt whose fresh OAuth2 token the destination refused too (SendResult `freshTokenRefused`). */
const AUTH_REFUSED_CODE = 'AUTH_REFUSED';

/** The options judging reads: the judge step's part of the plan, its name aside. */
export type JudgeOptions = Omit<JudgePlan, 'name'>;

/**
 * Decides what one attempt means: success, failure (the destination said no) or
 * error (it could not be delivered or judged), and whether to try again.
 *
 * Order: the status decides first (`success_when.status_code`, else `success_codes`, else 2xx);
 * on an accepted status the body rules (`success_when.body`, `success_check`, `outcome_search`)
 * must all hold.
 */
export function judgeResponse(destination: JudgeOptions, result: SendResult): Verdict {
  const verdict = applyAtMostOnce(judgeOnce(destination, result), result, destination.at_most_once);
  // A reason may quote a URL (a redirect's Location, an error text from the body): never its keys.
  const names = credentialParamNames(destination);
  return { ...verdict, reason: redactUrlsInText(verdict.reason, names), ...(verdict.detail !== undefined ? { detail: redactUrlsInText(verdict.detail, names) } : {}) };
}

/** The verdict on one attempt, before the at-most-once rule and redaction. */
function judgeOnce(destination: JudgeOptions, result: SendResult): Verdict {
  if (result.kind === 'network-error') {
    // A too-large answer means the destination did get the lead; a blocked address or plain
    // http:// would be refused again: sending again would not help.
    const retryable = !(NON_RETRYABLE_NETWORK_CODES as ReadonlySet<string>).has(result.code);
    return { outcome: 'error', errorCode: result.code, reason: result.message, retryable, fields: {} };
  }
  const answer = readAnswer(destination, result);
  if (!statusAccepted(destination, answer.status)) return judgeRefusedStatus(destination, answer, result.freshTokenRefused);
  return judgeBody(destination, answer);
}

/** What one answer says, read once for every verdict. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  parsed: ParsedBody;
  /** What the parsers found, `reason` and `reference` included; `price` is added once the verdict decides it. */
  fields: Record<string, unknown>;
  /** The destination's own reason, when the `reason` path finds one. */
  reasonText: string | undefined;
  /** The price the `price` path finds, as a number. */
  foundPrice: number | undefined;
  /** What every verdict on this answer carries: the reference, the Retry-After wait, a body problem. */
  common: Pick<Verdict, 'reference' | 'retryAfterMs' | 'bodyProblem'>;
}

/** Parses the body and reads what the destination's parsers, `reason`, `reference`, `price` and Retry-After find. */
function readAnswer(destination: JudgeOptions, result: Extract<SendResult, { kind: 'response' }>): Answer {
  const { status, headers, body } = result.response;
  const parsed = parseBody(body, header(headers, 'content-type'), destination.response_format);
  const fields = extractFields(parsed, destination.response_parser as Record<string, ResponsePath> | undefined);
  Object.assign(fields, extractFields(parsed, destination.error_parser as Record<string, ResponsePath> | undefined));
  const reasonText = extractText(parsed, destination.reason as ResponsePath | undefined);
  if (reasonText !== undefined) fields.reason = reasonText;
  const reference = extractText(parsed, destination.reference as ResponsePath | undefined);
  if (reference !== undefined) fields.reference = reference;
  const foundPrice = toPrice(extractValue(parsed, destination.price as ResponsePath | undefined));
  const now = new Date(Date.parse(result.startedAt) + result.durationMs);
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now);
  const common = {
    ...(reference !== undefined ? { reference } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(parsed.problem ? { bodyProblem: parsed.problem } : {}),
  };
  return { status, headers, parsed, fields, reasonText, foundPrice, common };
}

/**
 * The destination's own reason, when the `reason` path finds one, is the verdict's reason;
 * leadwire's account (status, rule, error code) is kept as its detail.
 */
function own(answer: Answer, verdict: Verdict): Verdict {
  return answer.reasonText === undefined ? verdict : { ...verdict, reason: answer.reasonText, detail: verdict.reason };
}

/** What the parsers found besides the reason; `default_reason` only when `reason` found nothing. */
function parserDetail(destination: JudgeOptions, answer: Answer): string {
  return describeDetail(answer.fields, answer.reasonText === undefined ? destination.default_reason : undefined);
}

/** The verdict on a status the success rules do not accept: a failure, or an error for 5xx, 408 and 429; retried as `retry` says. */
function judgeRefusedStatus(destination: JudgeOptions, answer: Answer, freshTokenRefused: boolean | undefined): Verdict {
  const { status, headers, fields, foundPrice, common } = answer;
  const retryable = isRetryableStatus(status, destination.retry);
  const outcome = status >= 500 || status === 408 || status === 429 ? 'error' : 'failure';
  const location = header(headers, 'location');
  const redirect =
    status >= 300 && status < 400
      ? ` (a redirect${location ? ` to ${location}` : ''}; leadwire does not follow redirects unless \`follow_redirects: true\`, so update the URL or opt in)`
      : '';
  const detail = parserDetail(destination, answer);
  if (foundPrice !== undefined) fields.price = foundPrice;
  if (status === 401 && freshTokenRefused) {
    // Not a failure of this lead: no lead gets through with these credentials, so an operator must act.
    return own(answer, {
      outcome: 'error',
      errorCode: AUTH_REFUSED_CODE,
      reason:
        `The destination answered HTTP 401${detail} to a fresh OAuth2 token too: the first token was refused, a new one was fetched from the token endpoint and refused as well, ` +
        "so the destination refuses these credentials, not an expired token. Check the client's access with the destination (client_id, scope, audience), fix the destination or its secrets, then `leadwire retry`",
      retryable: false,
      fields,
      ...(foundPrice !== undefined ? { price: foundPrice } : {}),
      ...common,
    });
  }
  return own(answer, {
    outcome,
    errorCode: `HTTP_${status}`,
    reason: `The destination answered HTTP ${status}${redirect}${detail}${retryable ? '' : ', which is not retried'}`,
    retryable,
    fields,
    ...(foundPrice !== undefined ? { price: foundPrice } : {}),
    ...common,
  });
}

/** The verdict on an accepted status: success unless a body rule rejects it (or cannot be checked on a body that did not parse). */
function judgeBody(destination: JudgeOptions, answer: Answer): Verdict {
  const { status, parsed, fields, foundPrice, common } = answer;
  const rejection = bodyRejection(destination, parsed);
  if (!rejection) {
    const price = foundPrice ?? destination.fallback_price;
    if (price !== undefined) fields.price = price;
    return own(answer, {
      outcome: 'success',
      reason: `Accepted with HTTP ${status}`,
      retryable: false,
      fields,
      ...(price !== undefined ? { price } : {}),
      ...common,
    });
  }
  if (foundPrice !== undefined) fields.price = foundPrice;
  // A body rule could not be checked because the body did not parse as it claimed: that is the error to report.
  const unreadable = parsed.problem && rejection.outcome !== 'error' && !rejection.searched;
  const detail = parserDetail(destination, answer);
  return own(answer, {
    outcome: unreadable ? 'error' : rejection.outcome,
    errorCode: unreadable ? parsed.problem!.code : rejection.outcome === 'error' ? 'RESPONSE_ERROR' : 'RESPONSE_REJECTED',
    reason: unreadable
      ? `HTTP ${status}, but ${parsed.problem!.message} (${rejection.why})`
      : `HTTP ${status}, but ${rejection.why}${detail}`,
    retryable: false,
    fields,
    ...(foundPrice !== undefined ? { price: foundPrice } : {}),
    ...common,
  });
}

function statusAccepted(destination: JudgeOptions, status: number): boolean {
  const required = destination.success_when?.status_code;
  if (required !== undefined) return Array.isArray(required) ? required.includes(status) : required === status;
  if (destination.success_codes) return destination.success_codes.includes(status);
  return status >= 200 && status < 300;
}

interface Rejection {
  outcome: 'failure' | 'error';
  why: string;
  /** The outcome search decided it (it reads the raw text, so an unparsed body is no excuse). */
  searched?: boolean;
}

function bodyRejection(destination: JudgeOptions, parsed: ParsedBody): Rejection | undefined {
  const conditions: [string, ResponsePath, Parameters<typeof matchesExpected>[1]][] = [];
  for (const [path, expected] of Object.entries(destination.success_when?.body ?? {})) conditions.push(['success_when.body', path, expected]);
  if (destination.success_check) conditions.push(['success_check', destination.success_check.path as ResponsePath, destination.success_check.value]);
  for (const [rule, path, expected] of conditions) {
    const found = selectValues(parsed, path);
    if (!matchesExpected(found, expected)) {
      const got = found.length === 0 ? 'nothing was found there' : `it was ${JSON.stringify(joinValues(found))}`;
      return { outcome: 'failure', why: `${rule} expected ${showPath(path)} to be ${JSON.stringify(expected)} and ${got}` };
    }
  }
  const search = destination.outcome_search;
  if (search) {
    const texts = search.path === undefined ? [parsed.text] : selectValues(parsed, search.path as ResponsePath);
    const matched = searchTerm(search.term, texts);
    const where = search.path === undefined ? 'the response' : showPath(search.path as ResponsePath);
    if (matched && search.outcome_on_match !== 'success') {
      return { outcome: search.outcome_on_match, why: `outcome_search found ${JSON.stringify(search.term)} in ${where}`, searched: true };
    }
    if (!matched && search.outcome_on_match === 'success') {
      return { outcome: 'failure', why: `outcome_search did not find ${JSON.stringify(search.term)} in ${where}`, searched: true };
    }
  }
  return undefined;
}

/** `: INVALID_PHONE: Phone number format invalid (field phone)` from what the error parser found. */
function describeDetail(fields: Record<string, unknown>, defaultReason: string | undefined): string {
  const text = (v: unknown) => (v === undefined || v === null ? undefined : valueText(v));
  const parts = [text(fields.error_code), text(fields.error_message) ?? defaultReason].filter((p): p is string => !!p);
  const field = text(fields.error_field);
  if (parts.length === 0 && !field) return '';
  return `: ${parts.join(': ')}${field ? ` (field ${field})` : ''}`;
}

function showPath(path: ResponsePath): string {
  return typeof path === 'string' ? `\`${path}\`` : JSON.stringify(path);
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}
