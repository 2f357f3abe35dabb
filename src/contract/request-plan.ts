import type { Mapping, MappingValue } from './mapping-value.js';

/**
 * How a delivery's request is rendered and sent: everything the render and send steps read, and
 * nothing they do not. Key names are the destination file's (docs/config-reference.md says what
 * each one means); every option the file may leave out is decided here (the defaults applied).
 */
export interface RequestPlan {
  /** A URL template: `{{ field }}` lead values (percent-encoded) and `${SECRET}` references. */
  url: string;
  method: HttpMethod;
  /** Extra headers; values may hold `${SECRET}` references. */
  headers: Record<string, string>;
  /** Whole-request timeout, in milliseconds. */
  timeout: number;
  /** Absent: the whole lead is sent as JSON. */
  body?: BodyPlan;
  query?: QueryPlan;
  auth?: AuthPlan;
  compress: 'none' | 'gzip';
  routes?: RoutePlan[];
  /** More URL templates besides `url`, for load balancing and failover. */
  endpoints?: string[];
  endpoint_strategy: 'round_robin' | 'random' | 'in_order';
  skip?: SkipRule[];
  /** IANA time zone of `$hour`, `$weekday`, ... in expressions. */
  time_zone: string;
  allow_insecure_http: boolean;
  validate_ssl: boolean;
  tls?: TlsPlan;
  follow_redirects: boolean;
  /** Response body bytes judged and kept in the record. */
  response_body_limit: number;
  /** Largest response read, in bytes (decompressed). */
  response_max_bytes: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type OnMissing = 'omit' | 'null' | 'error';

/** How nested objects and lists become form field or query parameter names. */
export interface FormEncoding {
  nesting: 'brackets' | 'dots';
  arrays: 'repeat' | 'brackets' | 'indices' | 'comma';
}

export interface JsonBodyPlan {
  format: 'json';
  include_lead: boolean;
  /** An object (dotted keys are paths) or a list (a top-level array). */
  mapping: Mapping | MappingValue[];
  on_missing: OnMissing;
}

export interface FormBodyPlan extends FormEncoding {
  format: 'form';
  mapping: Mapping;
  on_missing: OnMissing;
}

export interface XmlBodyPlan {
  format: 'xml';
  /** A Liquid template for the whole document, or else `mapping`. */
  template?: string;
  mapping?: Mapping;
  root: string;
  declaration: boolean;
  on_missing: OnMissing;
}

export interface CsvBodyPlan {
  format: 'csv';
  fields?: MappingValue[];
  header: boolean | string[];
  delimiter: string;
  on_missing: OnMissing;
}

export interface DelimitedBodyPlan {
  format: 'delimited';
  fields?: MappingValue[];
  delimiter: string;
  on_missing: OnMissing;
}

export interface FixedFieldPlan {
  value: MappingValue;
  width: number;
  align: 'left' | 'right';
  pad: string;
}

export interface FixedWidthBodyPlan {
  format: 'fixed_width';
  fields: FixedFieldPlan[];
  on_missing: OnMissing;
}

export interface TextBodyPlan {
  format: 'text';
  template: string;
}

export type BodyPlan = JsonBodyPlan | FormBodyPlan | XmlBodyPlan | CsvBodyPlan | DelimitedBodyPlan | FixedWidthBodyPlan | TextBodyPlan;

export interface QueryPlan extends FormEncoding {
  mapping: Mapping;
  on_missing: OnMissing;
}

export interface BasicAuthPlan {
  type: 'basic';
  username: string;
  password: string;
}

export interface BearerAuthPlan {
  type: 'bearer';
  token: string;
}

/** An API key in a header and/or a query parameter (at least one of them is set). */
export interface ApiKeyAuthPlan {
  type: 'api_key';
  key: string;
  header?: string;
  query?: string;
}

export interface HmacAuthPlan {
  type: 'hmac';
  secret: string;
  algorithm: 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
  signature_header: string;
  timestamp_header: string;
  timestamp_unit: 'milliseconds' | 'seconds';
  signed_content: 'body' | 'timestamp.body';
}

export interface StandardWebhooksAuthPlan {
  type: 'standard_webhooks';
  secret: string | string[];
}

export interface OAuth2AuthPlan {
  type: 'oauth2_client_credentials';
  token_url: string;
  client_id: string;
  client_secret: string;
  scope?: string;
  audience?: string;
  client_auth: 'basic' | 'body';
}

export type AuthPlan = BasicAuthPlan | BearerAuthPlan | ApiKeyAuthPlan | HmacAuthPlan | StandardWebhooksAuthPlan | OAuth2AuthPlan;

export interface RoutePlan {
  /** JSONata over the lead; the route is taken when it is true. */
  when: string;
  url: string;
}

export interface SkipRule {
  /** JSONata over the lead; the lead is skipped when it is true. */
  when: string;
  reason: string;
}

/** PEM material: each a whole `${SECRET}` reference or a file path under LEADWIRE_TLS_DIR. */
export interface TlsPlan {
  ca?: string;
  cert?: string;
  key?: string;
}
