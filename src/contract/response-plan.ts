/**
 * How a response is judged: the judge step's rules. Key names are the destination file's
 * (docs/config-reference.md); `response_format` is decided, the rest are optional rules.
 */
export interface ResponsePlan {
  success_codes?: number[];
  success_check?: SuccessCheck;
  success_when?: SuccessWhen;
  outcome_search?: OutcomeSearch;
  response_format: ResponseFormat;
  response_parser?: Record<string, ResponsePath>;
  error_parser?: ErrorParser;
  reason?: ResponsePath;
  default_reason?: string;
  price?: ResponsePath;
  fallback_price?: number;
  reference?: ResponsePath;
}

export type ResponseFormat = 'auto' | 'json' | 'xml' | 'html' | 'form' | 'text';

/** An explicit path (`{ xpath: '//status' }`) or a string read according to the body's format. */
export type ResponsePath = string | { json: string } | { xpath: string } | { css: string } | { regex: string };

export type ExpectedScalar = string | number | boolean | null;
/** A value required in a response, or a list of acceptable ones; compared as text. */
export type ExpectedValue = ExpectedScalar | ExpectedScalar[];

export interface SuccessCheck {
  path: ResponsePath;
  value: ExpectedValue;
}

export interface SuccessWhen {
  status_code?: number | number[];
  body?: Record<string, ExpectedValue>;
}

export interface OutcomeSearch {
  /** Plain text (case-insensitive) or a `/regex/flags` literal. */
  term: string;
  path?: ResponsePath;
  outcome_on_match: 'success' | 'failure' | 'error';
}

export interface ErrorParser {
  error_code?: ResponsePath;
  error_message?: ResponsePath;
  error_field?: ResponsePath;
}
