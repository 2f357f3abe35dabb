/**
 * The console's Content-Security-Policy: scripts and styles only from the console itself (no
 * inline script, no eval: htmx runs with allowEval off), no plugins, no framing, forms post only
 * back to it. A value that slipped past escaping would still find nothing it may run.
 */
export const CONSOLE_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
} as const;
