/**
 * Every error code leadwire emits, in one closed list: on an error it throws (LeadwireError's
 * `code`), on an attempt or a delivery's record (`errorCode`), as an ApplicationFailure's type,
 * in the intake API's `{ error: { code } }` and in the CLI's one-line errors. Each has its
 * meaning, whether leadwire tries again by itself, and what to do. docs/errors.md is generated
 * from it (`npm run docs:errors`); a test fails when a code in src/ is not here.
 *
 * Low-level codes from Node and got (ECONNREFUSED, CERT_HAS_EXPIRED, ERR_TLS_...) never reach a
 * record as they are: they are mapped to leadwire's own (`mappedFrom`), and the raw code is kept
 * in the message.
 */

/** Where a code comes from, for the sections of docs/errors.md. */
export type ErrorArea = 'network' | 'response' | 'lead' | 'render' | 'secrets' | 'sandbox' | 'batch' | 'flow' | 'operator' | 'intake' | 'setup' | 'ledger' | 'console' | 'cluster' | 'receiver';

export interface ErrorCodeInfo {
  area: ErrorArea;
  /** What happened. */
  meaning: string;
  /** Whether leadwire tries again by itself: true, false, or the condition in words. */
  retried: boolean | string;
  /** What the user or operator does about it. */
  action: string;
  /** The Node, got or leadwire-internal codes this code stands for. */
  mappedFrom?: readonly string[];
}

/** Raised before anything is sent (rendering, the lead, secrets): the delivery ends; a fixed one is delivered again under a new id. */
const ENDS = 'No: the delivery ends as an error.';
const AGAIN = 'deliver the lead again under a new delivery id (`leadwire deliver <file> --lead ... --delivery-id <new id>`)';

export const ERROR_CODES = {
  // Sending: the connection and the request.
  TIMEOUT: {
    area: 'network',
    meaning: 'No complete response within the destination\'s `timeout` (for an auction\'s ping, within what was left of its buyer\'s bid window, `ping_timeout` from its ping\'s send). The destination may have received the lead.',
    retried: 'Yes, unless the destination is `at_most_once` (then AT_MOST_ONCE_AMBIGUOUS).',
    action: 'Check the endpoint\'s performance, or raise `timeout` to match its SLA. Receivers that drop a repeated `Idempotency-Key` get the lead once.',
    mappedFrom: ['ETIMEDOUT', 'TIMEOUT'],
  },
  CONNECTION_REFUSED: {
    area: 'network',
    meaning: 'Nothing listens at the destination\'s address (the connection was refused before anything was sent). With several `endpoints`, the next one is tried at once.',
    retried: true,
    action: 'Check the URL and port, that the destination is up, and that firewall rules let the worker in.',
    mappedFrom: ['ECONNREFUSED'],
  },
  DNS_FAILURE: {
    area: 'network',
    meaning: 'The destination\'s host name could not be resolved. Nothing was sent.',
    retried: true,
    action: 'Check the URL for typos and that the worker can reach a DNS server.',
    mappedFrom: ['ENOTFOUND', 'EAI_AGAIN'],
  },
  CONNECTION_RESET: {
    area: 'network',
    meaning: 'The connection closed before a full response arrived. The destination may have received the lead.',
    retried: 'Yes, unless the destination is `at_most_once` (then AT_MOST_ONCE_AMBIGUOUS).',
    action: 'Check the destination\'s logs and any proxy between; the destination may have crashed.',
    mappedFrom: ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'],
  },
  HOST_UNREACHABLE: {
    area: 'network',
    meaning: 'The host is unreachable from the worker (no route). Nothing was sent.',
    retried: true,
    action: 'Check routing and firewall rules between the worker and the destination.',
    mappedFrom: ['EHOSTUNREACH', 'ENETUNREACH'],
  },
  TLS_ERROR: {
    area: 'network',
    meaning: 'The TLS handshake failed: the certificate was refused (expired, self-signed, for another name, unknown issuer) or the protocol did not match. The raw code is in the message. Nothing was sent.',
    retried: true,
    action: 'Check the destination\'s certificate (valid, for this host name, complete chain), or give the worker its CA with `tls.ca`.',
    mappedFrom: [
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'CERT_UNTRUSTED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'EPROTO',
      'ERR_TLS_*',
      'ERR_SSL_*',
    ],
  },
  NETWORK_ERROR: {
    area: 'network',
    meaning: 'The request failed at the network level with a code leadwire has no name for; the raw code is in the message. The destination may have received the lead.',
    retried: 'Yes, unless the destination is `at_most_once` (then AT_MOST_ONCE_AMBIGUOUS).',
    action: 'Look the raw code up in the Node.js documentation (Common system errors) and check the network between the worker and the destination.',
    mappedFrom: ['any other Node or got code'],
  },
  ADDRESS_BLOCKED: {
    area: 'network',
    meaning: 'The SSRF guard refused to connect: the host is, or resolves to, an address destinations may not reach (private, loopback, link-local, metadata). Nothing was sent.',
    retried: false,
    action: 'If this deployment must reach that address, add it to the worker\'s allow-list (LEADWIRE_ALLOW_NETWORKS); otherwise fix the URL. Then `leadwire retry`.',
    mappedFrom: ['ERR_LEADWIRE_ADDRESS_BLOCKED'],
  },
  INSECURE_HTTP: {
    area: 'network',
    meaning: 'The request (or an OAuth2 token request) would have gone over plain http:// and the destination does not allow it. Nothing was sent.',
    retried: false,
    action: 'Use an https:// URL, or set `allow_insecure_http: true` if the destination really has no TLS. Then `leadwire retry`.',
  },
  INSECURE_REDIRECT: {
    area: 'network',
    meaning: 'The destination redirected to plain http://, which was not followed.',
    retried: false,
    action: 'Point `url` at the final https:// address.',
    mappedFrom: ['ERR_LEADWIRE_INSECURE_REDIRECT'],
  },
  REDIRECT_NOT_GRANTED: {
    area: 'network',
    meaning: 'The destination redirected to a host its credentials are not granted for, so the redirect was not followed (the secrets would have gone there).',
    retried: false,
    action: 'Point `url` at the final address, or grant the secrets to that host too (SECURITY.md).',
    mappedFrom: ['ERR_LEADWIRE_REDIRECT_NOT_GRANTED'],
  },
  TOO_MANY_REDIRECTS: {
    area: 'network',
    meaning: 'More than 10 redirects were followed without reaching an answer.',
    retried: true,
    action: 'Point `url` at the final address.',
    mappedFrom: ['ERR_TOO_MANY_REDIRECTS'],
  },
  RESPONSE_TOO_LARGE: {
    area: 'network',
    meaning: 'The response body was larger than `response_max_bytes`, so it was cut off and not judged. The destination probably received the lead.',
    retried: false,
    action: 'Ask the destination for a smaller answer, or raise `response_max_bytes`; check with the buyer before `leadwire retry`.',
  },
  RESPONSE_HEADERS_TOO_LARGE: {
    area: 'network',
    meaning: 'The response headers were larger than the header size cap, so the response was refused. The destination may have received the lead.',
    retried: false,
    action: 'Ask the destination to send smaller headers; check with the buyer before `leadwire retry`.',
    mappedFrom: ['HPE_HEADER_OVERFLOW'],
  },
  TLS_FILE_REFUSED: {
    area: 'network',
    meaning: 'A `tls` file (CA, client certificate or key) is not allowed: it leads outside the worker\'s TLS directory or is not a regular file.',
    retried: false,
    action: 'Put the file in the worker\'s TLS directory (LEADWIRE_TLS_DIR) and name it relative to it.',
  },
  TLS_FILE_UNREADABLE: {
    area: 'network',
    meaning: 'A `tls` file named by the destination is not in the worker\'s TLS directory.',
    retried: true,
    action: 'Mount the file in LEADWIRE_TLS_DIR, or fix the path in the destination.',
  },
  WORKER_LOST: {
    area: 'network',
    meaning: 'The worker sending an attempt stopped or lost Temporal before it recorded a result: the request may or may not have reached the destination.',
    retried: 'Yes, like TIMEOUT, unless the destination is `at_most_once` (then AT_MOST_ONCE_AMBIGUOUS).',
    action: 'Check the worker logs for a crash or restart. Receivers that drop a repeated `Idempotency-Key` get the lead once.',
  },

  // Judging the response.
  RESPONSE_REJECTED: {
    area: 'response',
    meaning: 'The destination answered with an accepted status, but the body rules (`success_check`, `success_when.body`, `outcome_search`) say it refused the lead.',
    retried: false,
    action: 'Read the reason (the destination\'s own words when `reason` finds them). A business refusal needs no action; a wrong rule is fixed in the destination.',
  },
  RESPONSE_ERROR: {
    area: 'response',
    meaning: 'The destination answered with an accepted status, but `outcome_search` matched an error pattern in the body.',
    retried: false,
    action: 'Read the reason; fix what the destination complains about, then `leadwire retry`.',
  },
  RESPONSE_INVALID_JSON: {
    area: 'response',
    meaning: 'The response claimed to be JSON but did not parse, so a body rule could not be checked (the body was searched as text).',
    retried: false,
    action: 'Set `response_format` to what the destination really sends, or match the body with a /regex/.',
  },
  RESPONSE_INVALID_XML: {
    area: 'response',
    meaning: 'The response claimed to be XML but did not parse, or holds a DOCTYPE (never processed), so a body rule could not be checked.',
    retried: false,
    action: 'Set `response_format` to what the destination really sends, or match the body with a /regex/.',
  },
  RESPONSE_XML_TOO_LARGE: {
    area: 'response',
    meaning: 'The XML response has too many nodes for XPath to run on it, so a body rule could not be checked (the body was searched as text).',
    retried: false,
    action: 'Ask the destination for a shorter answer, or match it with a /regex/.',
  },
  RESPONSE_PATH_INVALID: {
    area: 'response',
    meaning: 'A response path (regex, XPath or CSS selector) cannot be used: it does not parse, or the regex can backtrack exponentially.',
    retried: false,
    action: 'Fix the path in the destination; `leadwire validate` names it.',
  },
  JUDGE_FAILED: {
    area: 'response',
    meaning: 'The request was sent but its response could not be judged (the response rules failed). The attempt is recorded.',
    retried: false,
    action: 'Check the response rules with `leadwire test`; fix the destination, then `leadwire retry` (after checking with the buyer: it may have the lead).',
  },
  AUTH_REFUSED: {
    area: 'response',
    meaning: 'The destination answered HTTP 401 to a fresh OAuth2 token too: it refuses these credentials, not an expired token.',
    retried: false,
    action: 'Check the client\'s access with the destination (client_id, scope, audience), fix the destination or its secrets, then `leadwire retry`.',
  },
  AT_MOST_ONCE_AMBIGUOUS: {
    area: 'response',
    meaning: 'An `at_most_once` destination may already have the lead (it answered, or the attempt failed after the request may have been written), so leadwire does not send it again by itself. The code it replaced is in the reason.',
    retried: false,
    action: 'Check with the buyer whether they got the lead, then `leadwire retry <id>` to send it again or `leadwire abandon <id> --reason ...` to stop.',
  },

  // The lead.
  LEAD_INVALID: {
    area: 'lead',
    meaning: 'The lead is not a JSON object.',
    retried: false,
    action: 'Send a JSON object such as {"email": "a@example.com"}.',
  },
  LEAD_NOT_JSON: {
    area: 'lead',
    meaning: 'The lead given (`--lead`, a line of `--leads`, a request body) is not valid JSON.',
    retried: false,
    action: 'Fix the JSON; to read a file, write `--lead @file.json`.',
  },
  LEAD_TOO_LARGE: {
    area: 'lead',
    meaning: 'The lead is larger than the limit on a lead\'s JSON.',
    retried: false,
    action: 'Send only the fields the destination needs.',
  },
  LEAD_TOO_DEEP: {
    area: 'lead',
    meaning: 'The lead is nested deeper than leadwire accepts.',
    retried: false,
    action: 'Flatten the lead before delivery.',
  },
  LEAD_NUMBER_INVALID: {
    area: 'lead',
    meaning: 'A number in the lead cannot be carried exactly by JSON (past the safe integer range, or not finite).',
    retried: false,
    action: 'Send the value as a string.',
  },
  LEAD_FIELD_MISSING: {
    area: 'lead',
    meaning: 'The lead has no value for a field the mapping needs, and the field says `on_missing: error`.',
    retried: false,
    action: 'Add the field to the lead, or give the mapping a `$default`.',
  },
  LEAD_FILE_UNREADABLE: {
    area: 'lead',
    meaning: 'The lead file given to the CLI (`--lead @file`, `--leads file`) does not exist or cannot be read.',
    retried: false,
    action: 'Check the path.',
  },

  // Rendering the request.
  RENDER_FAILED: {
    area: 'render',
    meaning: 'The destination\'s templates or mapping could not turn this lead into a request.',
    retried: false,
    action: `Reproduce with \`leadwire render <file> --lead ...\`, fix the destination, then ${AGAIN}.`,
  },
  RENDER_CHANGED_WITH_SECRETS: {
    area: 'render',
    meaning: 'The lead renders to a request with its secrets masked, but to something else (a skip, or another number of batch requests) once they are filled in: a rule reads a secret\'s value. Nothing was sent.',
    retried: false,
    action: `Make skip rules and batch splitting independent of secret values, then ${AGAIN}.`,
  },
  URL_INVALID: {
    area: 'render',
    meaning: 'The URL is not an http(s) URL once the lead\'s values are filled in.',
    retried: false,
    action: 'Fix the URL template (`leadwire render` shows the result).',
  },
  URL_PATH_INVALID: {
    area: 'render',
    meaning: 'A lead value filled into the URL\'s path makes a segment of only dots (`..`), which would send the request to another path.',
    retried: false,
    action: 'Fix the lead\'s value, or move it into the query.',
  },
  BODY_NOT_ALLOWED: {
    area: 'render',
    meaning: 'The method (GET, DELETE...) has no body, and the body format cannot be sent as query parameters.',
    retried: false,
    action: 'Use body format json or form (sent as query parameters), or method POST.',
  },
  HEADER_INVALID: {
    area: 'render',
    meaning: 'A header value holds a line break once its secrets are filled in.',
    retried: false,
    action: 'Remove the CR or LF from the secret.',
  },
  MAPPING_INVALID: {
    area: 'render',
    meaning: 'The body mapping cannot be built from the destination\'s output keys (for example a key that is both a value and an object).',
    retried: false,
    action: 'Fix the destination\'s output keys.',
  },
  DELIMITER_IN_VALUE: {
    area: 'render',
    meaning: 'A lead value contains the delimiter of a delimited body, or a line break, which would corrupt the record.',
    retried: false,
    action: 'Clean the lead\'s value, or use format csv, which quotes such values.',
  },
  XML_LEAD_VALUE_INVALID: {
    area: 'render',
    meaning: 'A lead value cannot be written where the XML mapping puts it (a list or object where only text goes).',
    retried: false,
    action: 'Map a single field of it instead.',
  },
  XML_INVALID: {
    area: 'render',
    meaning: 'The XML body the template produced is not well-formed.',
    retried: false,
    action: 'Fix the destination\'s XML template (the message gives line and column).',
  },
  TEMPLATE_INVALID: {
    area: 'render',
    meaning: 'A Liquid template does not parse, or uses a tag leadwire refuses (file access).',
    retried: false,
    action: 'Fix the template and run `leadwire validate`.',
  },
  TEMPLATE_FAILED: {
    area: 'render',
    meaning: 'A Liquid template failed for this lead.',
    retried: false,
    action: 'Reproduce with `leadwire render <file> --lead ...` and fix the template.',
  },
  EXPRESSION_INVALID: {
    area: 'render',
    meaning: 'A JSONata expression does not parse.',
    retried: false,
    action: 'Fix it and run `leadwire validate`.',
  },
  EXPRESSION_FAILED: {
    area: 'render',
    meaning: 'A JSONata expression failed for this lead.',
    retried: false,
    action: 'Reproduce with `leadwire render <file> --lead ...` and fix the expression.',
  },
  EXPRESSION_TIMEOUT: {
    area: 'render',
    meaning: 'A JSONata expression ran too long or recursed too deeply for this lead, and was stopped.',
    retried: false,
    action: 'Simplify the expression.',
  },
  EXPRESSION_LIMIT: {
    area: 'sandbox',
    meaning: 'Evaluating the destination\'s templates, expressions or response rules for one lead went past the evaluation sandbox\'s time or memory limit and was stopped; other deliveries were not affected.',
    retried: 'No. While rendering, the delivery ends as an error; while judging a response, it parks for an operator.',
    action: `Simplify the templates, expressions, regexes or XPath (\`leadwire render\` or \`leadwire test\` with this lead reproduces it), or raise LEADWIRE_SANDBOX_TIMEOUT_MS / LEADWIRE_SANDBOX_MEMORY_MB; then \`leadwire retry\` a parked delivery, or ${AGAIN}.`,
  },
  WEBHOOK_SECRET_INVALID: {
    area: 'render',
    meaning: 'A Standard Webhooks secret is not `whsec_` followed by base64.',
    retried: false,
    action: 'Generate one with `openssl rand -base64 32` and prefix it with `whsec_`.',
  },

  // Secrets and authentication.
  SECRET_MISSING: {
    area: 'secrets',
    meaning: 'A secret the worker grants to this destination has no value: its variable is unset or empty, or its file cannot be read.',
    retried: ENDS,
    action: `Give the secret its value on the worker (the message says where it comes from), then ${AGAIN}.`,
  },
  SECRET_NOT_GRANTED: {
    area: 'secrets',
    meaning: 'The destination uses a secret the worker does not grant it (no such secret, not for this destination, or not for this host).',
    retried: ENDS,
    action: `Grant the secret in the secrets file (LEADWIRE_SECRETS_FILE; the message names the missing grant), then ${AGAIN}.`,
  },
  SECRET_HOST_CHANGED: {
    area: 'secrets',
    meaning: 'The request goes to another host once its secrets are filled in than the one it was granted against (a host taken from a secret\'s value). Refused.',
    retried: false,
    action: 'Do not pick the host from a secret\'s value; write it in the destination.',
  },
  OAUTH_TOKEN_URL_INVALID: {
    area: 'secrets',
    meaning: 'The OAuth2 `token_url` is not a valid URL once its secrets are filled in.',
    retried: false,
    action: 'Check the template and the secrets it uses.',
  },
  OAUTH_TOKEN_REFUSED: {
    area: 'secrets',
    meaning: 'The OAuth2 token endpoint refused the client credentials. The lead was not sent.',
    retried: false,
    action: `Check client_id, client_secret and scope, then ${AGAIN}.`,
  },
  OAUTH_TOKEN_UNAVAILABLE: {
    area: 'secrets',
    meaning: 'The OAuth2 token endpoint could not be reached, failed, or answered without an access_token. The lead was not sent.',
    retried: true,
    action: 'Check the token endpoint; leadwire tries again.',
  },
  OAUTH_TOKEN_TOO_LARGE: {
    area: 'secrets',
    meaning: 'The OAuth2 token endpoint answered with more than a token response can hold; the answer was not read.',
    retried: false,
    action: 'Check that `token_url` is the token endpoint.',
  },

  // The evaluation sandbox.
  SANDBOX_CLOSED: {
    area: 'sandbox',
    meaning: 'The evaluation sandbox shut down (the worker is stopping) before or during an evaluation.',
    retried: true,
    action: 'Nothing: the attempt runs again, on another worker if this one stops.',
  },
  SANDBOX_FAILED: {
    area: 'sandbox',
    meaning: 'The evaluation sandbox process ended unexpectedly during an evaluation.',
    retried: true,
    action: 'Nothing if it is rare; if it repeats, check the worker logs and report it.',
  },
  SANDBOX_UNAVAILABLE: {
    area: 'sandbox',
    meaning: 'The evaluation sandbox process could not start.',
    retried: true,
    action: 'Check that the worker\'s installation is complete (node_modules, the built files) and its memory limits.',
  },

  // Batches.
  BATCH_FORMAT_MISMATCH: {
    area: 'batch',
    meaning: 'The batch format and the body format do not fit together (a csv batch needs `body.format: csv`, an xml batch `body.format: xml`, a json batch each lead as JSON).',
    retried: false,
    action: 'Fix `batch.format` or `body.format`; `leadwire validate` checks it.',
  },
  BATCH_LEAD_TOO_LARGE: {
    area: 'batch',
    meaning: 'One lead alone renders to more than `batch.max_bytes`, so it cannot go in any batch.',
    retried: false,
    action: 'Raise `batch.max_bytes`, or send fewer fields.',
  },
  BATCH_RESULT_MISSING: {
    area: 'batch',
    meaning: 'The destination accepted the batch, but its answer has no result for this lead (`batch.results`).',
    retried: false,
    action: 'Ask the destination about this lead; check `batch.results.id_path`.',
  },
  BATCHED_LEAD: {
    area: 'batch',
    meaning: 'The id is a lead delivered in a batch, not by its own workflow: it is retried or given up with its batch.',
    retried: false,
    action: 'Act on the batch id the message names (`leadwire status <lead>` shows it).',
  },

  // Flows.
  AUCTION_TIMEOUT: {
    area: 'flow',
    meaning: 'A buyer\'s ping was still out at the auction\'s deadline (the flow\'s `auction_timeout`, by default twice `ping_timeout` plus 30 s, from the auction\'s start); its ping was cancelled and the buyer had no bid. A buyer that does not answer within `ping_timeout` of its own ping\'s send is cut by its ping (TIMEOUT), so this means its ping waited that long to be sent (a worker lost and slow to be replaced, or none running).',
    retried: false,
    action: 'Nothing for this lead (the other buyers went on). Check that workers are running and not starved; raise `auction_timeout` if a replaced worker takes longer to come back.',
  },
  PING_TIMEOUT: {
    area: 'flow',
    meaning: 'A buyer did not answer a ping within the flow\'s `ping_timeout` from the auction\'s start; its ping was cancelled at the deadline. Only auctions started by a release before `auction_timeout` record it (newer ones record AUCTION_TIMEOUT).',
    retried: false,
    action: 'Nothing for this lead (the other buyers went on); raise `ping_timeout` if the buyer is always slow.',
  },
  CHILD_FAILED: {
    area: 'flow',
    meaning: 'A ping\'s or post\'s delivery workflow ended without a result (it failed, timed out or was terminated).',
    retried: false,
    action: 'Look at the child delivery the reason names (`leadwire status <id>`).',
  },
  CHILD_NOT_STARTED: {
    area: 'flow',
    meaning: 'A ping\'s or post\'s delivery could not start: its workflow id is taken by another workflow. Nothing was sent to this buyer.',
    retried: false,
    action: 'Find what holds the id (`leadwire status <id>`); start the distribution again with another lead id.',
  },
  CHILD_CANCELLED: {
    area: 'flow',
    meaning: 'A ping\'s or post\'s delivery was cancelled before it answered.',
    retried: false,
    action: 'Nothing if an operator cancelled it on purpose.',
  },
  CAP_REQUEST_INVALID: {
    area: 'flow',
    meaning: 'A buyer\'s cap workflow refused an update without a reservation id or its time windows.',
    retried: false,
    action: 'Send cap updates through leadwire\'s flows only; this is a bug if leadwire sent it.',
  },

  // Operator actions and the client.
  DELIVERY_NOT_FOUND: {
    area: 'operator',
    meaning: 'No delivery with this id: not a delivery workflow, not in a batch, not waiting in a batcher.',
    retried: false,
    action: 'Check the id with `leadwire list` (a distribution is `leadwire status` of its id, or `leadwire list --flows`).',
  },
  DISTRIBUTION_NOT_FOUND: {
    area: 'operator',
    meaning: 'No distribution (a flow\'s distributeLead workflow) with this id.',
    retried: false,
    action: 'Check the id with `leadwire list --flows`.',
  },
  NOT_A_DELIVERY: {
    area: 'operator',
    meaning: 'The id is another kind of workflow (a batcher, a cap, a distribution), and the action applies only to deliveries and batches.',
    retried: false,
    action: 'Check the id with `leadwire list`.',
  },
  DELIVERY_ENDED: {
    area: 'operator',
    meaning: 'The delivery has already ended: there is nothing left to retry or give up.',
    retried: false,
    action: 'See its record with `leadwire status <id>`; to send the lead again, start a new delivery with another id.',
  },
  DELIVERY_STATUS_UNAVAILABLE: {
    area: 'operator',
    meaning: 'The delivery is not a workflow of its own nor in a sent batch, and the batchers that might hold it did not answer.',
    retried: false,
    action: 'Start a worker on the task queue, then ask again.',
  },
  NO_WORKER_ANSWERED: {
    area: 'operator',
    meaning: 'No worker took the operator\'s retry or give-up in time; it may still be applied when one picks the delivery up.',
    retried: 'No: ask again.',
    action: 'Check that a leadwire worker runs on the delivery\'s task queue; `leadwire status <id>` shows whether it was applied.',
  },
  WORKER_TOO_OLD: {
    area: 'operator',
    meaning: 'The worker running the delivery predates leadwire\'s operator updates.',
    retried: false,
    action: 'Upgrade the workers, or send the signal by hand (the message gives the command).',
  },
  REASON_MISSING: {
    area: 'operator',
    meaning: 'Giving up a delivery needs a reason, and none was given.',
    retried: false,
    action: 'Give one: `leadwire abandon <id> --reason "..."`.',
  },
  ACTION_REFUSED: {
    area: 'operator',
    meaning: 'The delivery refused the operator\'s retry or give-up for a reason it gave in the message.',
    retried: false,
    action: 'Read the message; check the delivery with `leadwire status <id>`.',
  },
  ID_RESERVED: {
    area: 'operator',
    meaning: 'The delivery or distribution id given has a shape leadwire keeps for its own workflows (batches, batchers, caps, flow children); nothing was started.',
    retried: false,
    action: 'Give another id (SECURITY.md lists the reserved shapes), or leave it out to get one derived from the lead.',
  },
  ID_TOO_LONG: {
    area: 'operator',
    meaning: 'The id given is longer than Temporal\'s stores keep (255 characters or bytes, less for ids leadwire derives from it); nothing was started.',
    retried: false,
    action: 'Give a shorter id, or leave it out to get one derived from the lead.',
  },
  ID_TAKEN: {
    area: 'operator',
    meaning: 'The id given is already the id of a workflow that is not a delivery (or not a distribution); nothing was started.',
    retried: false,
    action: 'Give an id of your own.',
  },
  TEMPORAL_UNREACHABLE: {
    area: 'operator',
    meaning: 'The CLI could not connect to Temporal at the address it names.',
    retried: false,
    action: 'Start one with `leadwire dev`, or point TEMPORAL_ADDRESS / --address at yours.',
  },
  TRACING_WITH_OWN_CLIENT: {
    area: 'operator',
    meaning: 'The client was given both the tracing option and a Temporal Client of its own, whose interceptors are already fixed.',
    retried: false,
    action: 'Add clientTracingInterceptors() to your Client\'s interceptors, or leave the client option out.',
  },

  // The intake API.
  UNAUTHORIZED: {
    area: 'intake',
    meaning: 'HTTP 401: the request has no API key, or not one of LEADWIRE_API_KEYS.',
    retried: false,
    action: 'Send `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
  },
  AUTH_NOT_CONFIGURED: {
    area: 'intake',
    meaning: 'The intake API has no API keys configured, so it refuses every request (`leadwire serve` refuses to start).',
    retried: false,
    action: 'Set LEADWIRE_API_KEYS on the server.',
  },
  BODY_INVALID: {
    area: 'intake',
    meaning: 'HTTP 400: the request body does not match the endpoint\'s schema; `issues` lists each problem by path.',
    retried: false,
    action: 'Fix the listed fields (GET /openapi.json describes the body).',
  },
  BAD_REQUEST: {
    area: 'intake',
    meaning: 'HTTP 400: the request could not be read (no Fastify code given).',
    retried: false,
    action: 'Send a JSON body with `Content-Type: application/json`.',
  },
  DESTINATION_NOT_FOUND: {
    area: 'intake',
    meaning: 'HTTP 404: no destination by that name in the server\'s destinations directory.',
    retried: false,
    action: 'Use the slug of the destination\'s name or its file name (ask the operator), or add the file and restart `leadwire serve`.',
  },
  FLOW_NOT_FOUND: {
    area: 'intake',
    meaning: 'HTTP 404: no flow by that name in the server\'s flows directory.',
    retried: false,
    action: 'Use the slug of the flow\'s name or its file name (ask the operator), or add the file and restart `leadwire serve`.',
  },
  RETRY_CONFIG_NOT_ALLOWED: {
    area: 'intake',
    meaning: 'HTTP 403: a retry with a corrected destination, which this server does not take (it can point a lead at any URL).',
    retried: false,
    action: 'Retry without a destination, or start the server with `--allow-retry-config` (SECURITY.md).',
  },
  NOT_FOUND: {
    area: 'intake',
    meaning: 'HTTP 404: no such route.',
    retried: false,
    action: 'See GET /openapi.json for the API.',
  },
  INTERNAL: {
    area: 'intake',
    meaning: 'Something leadwire did not expect (a bug, or an invariant broken). In the intake API, HTTP 500.',
    retried: 'Yes: an activity is retried by Temporal (so a fixed worker picks it up); an API request may be sent again (a repeated start never delivers twice).',
    action: 'Look at the worker or server log for the details, and report it.',
  },

  // Configuration, start-up and the CLI.
  CONFIG_INVALID: {
    area: 'setup',
    meaning: 'A destination or flow file (or a corrected destination) is not valid; every problem is listed by path. The CLI exits with 2.',
    retried: false,
    action: 'Fix the listed fields and run `leadwire validate` again (docs/config-reference.md lists every key).',
  },
  CONFIG_NOT_FOUND: {
    area: 'setup',
    meaning: 'A destination or flow file does not exist or cannot be read.',
    retried: false,
    action: 'Check the path (examples live in examples/).',
  },
  SECRETS_FILE_INVALID: {
    area: 'setup',
    meaning: 'The secrets file (LEADWIRE_SECRETS_FILE) cannot be read or is not valid; the worker does not start.',
    retried: false,
    action: 'Fix the listed problems (SECURITY.md describes the file) and start the worker again.',
  },
  ALLOW_LIST_INVALID: {
    area: 'setup',
    meaning: 'An entry of the network allow-list (LEADWIRE_ALLOW_NETWORKS, --allow-network) is not a CIDR, an IP address or a host name.',
    retried: false,
    action: 'Write e.g. 10.1.0.0/16, 127.0.0.1 or ::1, separated by commas.',
  },
  ENV_INVALID: {
    area: 'setup',
    meaning: 'An environment variable has a value leadwire cannot use (the message names it and what it expects).',
    retried: false,
    action: 'Fix or unset the variable, then start again.',
  },
  CODEC_KEYS_INVALID: {
    area: 'setup',
    meaning: 'LEADWIRE_CODEC_KEYS is not a list of "keyid:base64key" with 32-byte keys.',
    retried: false,
    action: 'Fix the variable (make a key with `openssl rand -base64 32`) and restart.',
  },
  CODEC_KEYS_MISSING: {
    area: 'setup',
    meaning: 'Payload encryption (`--codec`, the codec server) was asked for without LEADWIRE_CODEC_KEYS.',
    retried: false,
    action: 'Set LEADWIRE_CODEC_KEYS to the same list the workers use.',
  },
  DESTINATIONS_DIR_UNREADABLE: {
    area: 'setup',
    meaning: 'The intake server\'s destinations directory cannot be read.',
    retried: false,
    action: 'Pass an existing directory with --destinations <dir>.',
  },
  DESTINATIONS_EMPTY: {
    area: 'setup',
    meaning: 'The intake server\'s destinations directory holds no destination file (.yaml, .yml, .json).',
    retried: false,
    action: 'Add one, or pass another directory with --destinations <dir>.',
  },
  FLOWS_DIR_UNREADABLE: {
    area: 'setup',
    meaning: 'The intake server\'s flows directory cannot be read.',
    retried: false,
    action: 'Pass an existing directory with --flows <dir>.',
  },
  PORT_UNAVAILABLE: {
    area: 'setup',
    meaning: 'A server (`leadwire serve`, the codec server) could not listen on its port.',
    retried: false,
    action: 'Pick another --port, or stop what holds it.',
  },
  METRICS_PORT_UNAVAILABLE: {
    area: 'setup',
    meaning: 'The worker could not serve metrics on its port.',
    retried: false,
    action: 'Pick another --metrics-port / LEADWIRE_METRICS_PORT.',
  },
  SDK_METRICS_UNAVAILABLE: {
    area: 'setup',
    meaning: 'The Temporal SDK metrics could not start on their address.',
    retried: false,
    action: 'Pick another --sdk-metrics-port, or leave it out.',
  },
  TRACING_WITH_PREBUILT_BUNDLE: {
    area: 'setup',
    meaning: 'The worker was given tracing and a prebuilt workflow bundle, which does not contain the tracing interceptors.',
    retried: false,
    action: 'Leave workflowBundle out (the worker bundles the workflows with them), or pass tracing: false.',
  },
  CONTRACT_TOO_NEW: {
    area: 'setup',
    meaning: 'A workflow or activity input was written under a newer stored contract than this worker knows (a newer release started it, and an older worker picked it up).',
    retried: 'Yes: the task is retried until a worker of that release or newer takes it.',
    action: 'Run workers of the newer release; do not roll workers back while work they started is in flight (docs/development.md, "Releasing").',
  },
  USAGE: {
    area: 'setup',
    meaning: 'A CLI command was given options that do not go together, or a value it cannot use.',
    retried: false,
    action: 'Read the message; `leadwire help <command>` lists the options.',
  },

  // The ledger (docs/ledger.md): outcomes, money, returns, reports, erasure.
  LEDGER_URL_INVALID: { area: 'ledger', meaning: '`LEADWIRE_LEDGER_URL` is not `off`, a `postgres://` URL or a folder for the embedded ledger.', retried: false, action: 'Fix the variable, or unset it for the embedded ledger in .leadwire/ledger/.' },
  LEDGER_UNREACHABLE: { area: 'ledger', meaning: 'The ledger\'s database could not be reached (or the embedded ledger is held by another process that does not serve it).', retried: true, action: 'Check the database (or stop the process holding the embedded ledger); writes wait and are retried, nothing is lost.' },
  LEDGER_OFF: { area: 'ledger', meaning: 'A command needs the ledger, and `LEADWIRE_LEDGER_URL=off` turned it off.', retried: false, action: 'Unset LEADWIRE_LEDGER_URL (the embedded ledger) or point it at a PostgreSQL ledger.' },
  LEDGER_KEY_MISSING: { area: 'ledger', meaning: '`LEADWIRE_LEDGER_KEY` is not set: the ledger keeps lead keys (email, phone) only as HMACs with it.', retried: false, action: 'Set the same LEADWIRE_LEDGER_KEY (e.g. `openssl rand -base64 32`) on every worker and CLI.' },
  LEDGER_KEY_INVALID: { area: 'ledger', meaning: '`LEADWIRE_LEDGER_KEY` is shorter than 16 bytes of base64.', retried: false, action: 'Make a longer one: `openssl rand -base64 32`.' },
  LEDGER_KEY_UNKNOWN: { area: 'ledger', meaning: 'Ledger fields were sealed with a codec key that is not in `LEADWIRE_CODEC_KEYS`.', retried: false, action: 'Add that key back to LEADWIRE_CODEC_KEYS, after the current one.' },
  LEDGER_NO_EMAIL_KEY: { area: 'ledger', meaning: 'Erasure by email was asked, but the ledger settings\' `lead_keys` leave out `email`.', retried: false, action: 'Erase by lead id, or add email to `lead_keys` (new rows only).' },
  LEDGER_MIGRATION_FAILED: { area: 'ledger', meaning: 'Upgrading the ledger\'s schema failed; nothing of that migration was kept.', retried: false, action: 'Read the cause in the message, fix it and start again.' },
  ERASURE_UNSEARCHABLE_LEAD_ID: { area: 'ledger', meaning: 'A lead id that starts with a quote, a backslash or a control character cannot be searched for in Temporal\'s visibility: no workflow of this erasure was deleted from Temporal.', retried: false, action: 'Delete those workflows by id (`temporal workflow delete --workflow-id <id>`).' },
  ERASURE_UNREADABLE_INPUT: { area: 'ledger', meaning: 'A workflow that may hold the lead could not have its input read to check that it does: nothing of the lead was deleted from Temporal.', retried: false, action: 'Give the eraser the codec keys the workers use (LEADWIRE_CODEC_KEYS).' },
  RETURN_INVALID: { area: 'ledger', meaning: 'A return does not name its sale (a delivery id or a lead id) or its time is not ISO 8601.', retried: false, action: 'Fix the return and send it again.' },
  RETURN_NOT_ALLOWED: { area: 'ledger', meaning: 'The buyer takes no returns.', retried: false, action: 'Add the buyer to the ledger settings\' `returns`, with its window, to accept them.' },
  RETURN_REASON_UNKNOWN: { area: 'ledger', meaning: 'The buyer returns leads only for the reasons its return policy lists, and this is not one.', retried: false, action: 'Use one of the reasons in the message, or add it to the buyer\'s `reasons`.' },
  RETURN_NOT_FOUND: { area: 'ledger', meaning: 'The ledger has no sale of that lead to that buyer.', retried: false, action: 'Check the ids and the buyer\'s name.' },
  RETURN_AMBIGUOUS: { area: 'ledger', meaning: 'The buyer bought that lead more than once.', retried: false, action: 'Name the delivery id the message lists.' },
  RETURN_WINDOW_CLOSED: { area: 'ledger', meaning: 'The return came after the buyer\'s return window closed.', retried: false, action: 'Settle it outside leadwire, or widen the buyer\'s `window` for later returns.' },

  // The operator console (docs/console.md).
  CONSOLE_KEYS_INVALID: { area: 'console', meaning: 'An entry of `LEADWIRE_CONSOLE_KEYS` is not `<role>:<key>` with role viewer or operator and a key of at least 16 characters.', retried: false, action: 'Write e.g. LEADWIRE_CONSOLE_KEYS="operator:$(openssl rand -hex 24)".' },
  CONSOLE_SETTINGS_INVALID: { area: 'console', meaning: 'A console setting (LEADWIRE_CONSOLE_INTAKE_ROLE, LEADWIRE_CONSOLE_SECRET) has a value it cannot use.', retried: false, action: 'Read the message: it names the variable and what it expects.' },

  // `npm run cluster`: the PostgreSQL-backed Temporal cluster (docs/operating.md).
  CLUSTER_BAD_PORT: {
    area: 'cluster',
    meaning: 'An option of `npm run cluster` names a port it cannot use (out of range, or one that puts the membership ports past what PostgreSQL keeps).',
    retried: false,
    action: 'Pick another port (--port, LEADWIRE_CLUSTER_PORT, --postgres-port); the message gives the range.',
  },
  CLUSTER_BAD_SERVICE: {
    area: 'cluster',
    meaning: '`npm run cluster` was asked about a service it does not run.',
    retried: false,
    action: 'Name one of postgres, history, matching, frontend, worker.',
  },
  CLUSTER_NOT_CREATED: {
    area: 'cluster',
    meaning: 'There is no cluster yet in the checkout.',
    retried: false,
    action: 'Run `npm run cluster -- up` first.',
  },
  CLUSTER_PORT_TAKEN: {
    area: 'cluster',
    meaning: 'A port the cluster needs on 127.0.0.1 is taken.',
    retried: false,
    action: 'Stop what listens there, or start the cluster on other ports (`down --purge`, then `up --port ... --postgres-port ...`).',
  },
  CLUSTER_GO_MISSING: {
    area: 'cluster',
    meaning: 'Building the Temporal server needs Go, and `go version` failed.',
    retried: false,
    action: 'Install Go (1.21 or later) and put it on PATH, then `npm run cluster -- up` again.',
  },
  CLUSTER_SERVER_BUILD_FAILED: {
    area: 'cluster',
    meaning: 'Building the Temporal server failed, or the binary built does not report the expected version.',
    retried: false,
    action: 'Read the log tail in the message; check access to the Go module proxy and the disk space; delete the tools folder it names and run again.',
  },
  CLUSTER_POSTGRES_MISSING: {
    area: 'cluster',
    meaning: 'PostgreSQL (initdb, pg_ctl) is not installed and could not be installed.',
    retried: false,
    action: 'Install PostgreSQL 12 or later, or point LEADWIRE_POSTGRES_BIN_DIR at its bin folder; then `npm run cluster -- up` again.',
  },
  CLUSTER_POSTGRES_USER: {
    area: 'cluster',
    meaning: 'Running as root, the cluster\'s data folder could not be given to the `postgres` user.',
    retried: false,
    action: 'Install Debian\'s postgresql package (it creates the user), or run as another user.',
  },
  CLUSTER_POSTGRES_INIT_FAILED: {
    area: 'cluster',
    meaning: 'initdb failed for the cluster\'s PostgreSQL.',
    retried: false,
    action: 'Read the log tail in the message; `npm run cluster -- down --purge` starts from empty.',
  },
  CLUSTER_POSTGRES_START_FAILED: {
    area: 'cluster',
    meaning: 'The cluster\'s PostgreSQL did not start.',
    retried: false,
    action: 'Read the log tail in the message (a taken port, a stale lock file).',
  },
  CLUSTER_POSTGRES_STOP_FAILED: {
    area: 'cluster',
    meaning: 'pg_ctl stop failed for the cluster\'s PostgreSQL.',
    retried: false,
    action: 'Read the log tail in the message.',
  },
  CLUSTER_DUMP_FAILED: {
    area: 'cluster',
    meaning: 'pg_dump of a cluster database failed.',
    retried: false,
    action: 'Read the message; check that the cluster\'s PostgreSQL runs.',
  },
  CLUSTER_SCHEMA_FAILED: {
    area: 'cluster',
    meaning: 'Setting up Temporal\'s schema in PostgreSQL (temporal-sql-tool) failed.',
    retried: false,
    action: 'Read the log tail in the message; `npm run cluster -- down --purge`, then `up`.',
  },
  CLUSTER_NAMESPACE_SETUP_FAILED: {
    area: 'cluster',
    meaning: 'The cluster\'s namespace with leadwire\'s search attributes was not usable in time.',
    retried: false,
    action: 'Check the frontend service\'s log; run `npm run cluster -- up` again.',
  },
  CLUSTER_SEARCH_ATTRIBUTE_TYPE: {
    area: 'cluster',
    meaning: 'A search attribute exists on the cluster\'s namespace with another type; a type cannot change.',
    retried: false,
    action: 'Start from empty: `npm run cluster -- down --purge`, then `up`.',
  },
  CLUSTER_SERVICE_START_FAILED: {
    area: 'cluster',
    meaning: 'A Temporal service of the cluster could not be started.',
    retried: false,
    action: 'Run `npm run cluster -- up` to build the server.',
  },
  CLUSTER_SERVICE_EXITED: {
    area: 'cluster',
    meaning: 'A Temporal service of the cluster exited while starting.',
    retried: false,
    action: 'Read the log tail in the message.',
  },
  CLUSTER_SERVICE_TIMEOUT: {
    area: 'cluster',
    meaning: 'The cluster\'s Temporal services were not serving in time.',
    retried: false,
    action: 'Read the log tails in the message; on a loaded machine run `npm run cluster -- up` again.',
  },

  // The test receiver (`leadwire receiver`): codes in the bodies it answers with.
  RECEIVER_NOT_CONFIGURED: {
    area: 'receiver',
    meaning: 'The test receiver was asked to check a signature it has no secret for.',
    retried: false,
    action: 'Start the receiver with the signing secret (see `leadwire receiver --help`).',
  },
  BAD_SIGNATURE: {
    area: 'receiver',
    meaning: 'The test receiver found that the request\'s signature does not match its body.',
    retried: false,
    action: 'Check the destination\'s signing secret and scheme against the receiver\'s.',
  },
  BAD_BID: {
    area: 'receiver',
    meaning: 'The test receiver\'s bid mode was given a bid that is not a number nor `random`.',
    retried: false,
    action: 'Pass a number or `random`.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/**
 * Codes made of a prefix and a part that varies: the destination's HTTP status, and the
 * intake API's framework (Fastify) errors, passed through with their own code.
 */
export const ERROR_CODE_FAMILIES = {
  'HTTP_<status>': {
    area: 'response',
    meaning: 'The destination answered with a status it does not accept (not 2xx, or not `success_codes` / `success_when.status_code`). 3xx means a redirect that was not followed.',
    retried: 'When the status is retried: 408, 429 and 5xx by default; `retry.retry_on` replaces that set, `retry.dont_retry_on` removes from it.',
    action: 'Read the reason (the destination\'s own words when `reason` finds them): a 4xx usually means the lead or the config is wrong (fix and `leadwire retry`), a 5xx that the destination is down.',
  },
  'FST_ERR_*': {
    area: 'intake',
    meaning: 'The intake API\'s HTTP framework (Fastify) refused the request before leadwire saw it, with its own code: a body too large (FST_ERR_CTP_BODY_TOO_LARGE), a content type it does not parse (FST_ERR_CTP_INVALID_MEDIA_TYPE), an empty or invalid JSON body, a malformed URL (FST_ERR_BAD_URL).',
    retried: false,
    action: 'Send a JSON body with `Content-Type: application/json`, within the body limit, to a path GET /openapi.json lists.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A code of the closed list. */
export type ListedErrorCode = keyof typeof ERROR_CODES;

/** Every code leadwire emits: the list, and the two families. */
export type ErrorCode = ListedErrorCode | `HTTP_${number}` | `FST_ERR_${string}`;

/** Whether a string from outside the type system (a failure's type, a message from the sandbox) is a code of the list. */
export function isErrorCode(value: unknown): value is ErrorCode {
  if (typeof value !== 'string') return false;
  return Object.hasOwn(ERROR_CODES, value) || /^HTTP_\d{3}$/.test(value) || /^FST_ERR_[A-Z0-9_]+$/.test(value);
}

/** `value` when it is a listed code, else `fallback`: for codes read back from Temporal failures. */
export function toErrorCode(value: unknown, fallback: ErrorCode): ErrorCode {
  return isErrorCode(value) ? value : fallback;
}

/** The entry that explains a code (the family's for HTTP_503 or FST_ERR_BAD_URL). */
export function errorCodeInfo(code: ErrorCode): ErrorCodeInfo {
  if (Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as ListedErrorCode];
  return code.startsWith('HTTP_') ? ERROR_CODE_FAMILIES['HTTP_<status>'] : ERROR_CODE_FAMILIES['FST_ERR_*'];
}
