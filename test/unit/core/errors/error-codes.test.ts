import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeNetworkError, NON_RETRYABLE_NETWORK_CODES } from '../../../../src/core/delivery/network-errors.js';
import { ERROR_CODES, errorCodeInfo, isErrorCode, toErrorCode, type ErrorCodeInfo, type ListedErrorCode } from '../../../../src/core/errors/error-codes.js';
import { LeadwireError } from '../../../../src/core/errors/leadwire-error.js';
import { PROJECT_ROOT } from '../../../../src/temporal/project-root.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const SOURCES = [...sourceFiles(join(PROJECT_ROOT, 'src')), ...sourceFiles(join(PROJECT_ROOT, 'scripts'))].filter((f) => !f.endsWith('error-codes.ts'));

/**
 * String literals in src/ and scripts/ that look like an error code (upper case, with an
 * underscore or four letters and more) but are something else. A new one fails the test
 * below: list it here when it is not a code leadwire emits, or in error-codes.ts when it is.
 */
const NOT_CODES = new Set([
  // HTTP methods, signals, log levels, Unicode forms.
  'POST', 'PATCH', 'DELETE', 'OPTIONS', 'SIGTERM', 'SIGKILL', 'SIGINT', 'SIGABRT', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'NFKD',
  // Temporal's workflow states and id policies.
  'RUNNING', 'COMPLETED', 'REJECT_DUPLICATE', 'USE_EXISTING', 'FAIL',
  // Proxy variables; the side-by-side headings of `leadwire test`.
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'REQUEST', 'RESPONSE',
  // Codes leadwire reads and turns into its own: the yaml parser's (config issues), Node's file and socket errors, got's.
  'TAB_AS_INDENT', 'DUPLICATE_KEY', 'BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'ENOENT', 'EADDRINUSE', 'ESRCH', 'EEXIST', 'EPERM', 'UNKNOWN',
  // The embedded ledger's PostgreSQL wire protocol (a severity, a command); the outcome duplicate suppression will record (issue 23), read by the ledger.
  'FATAL', 'ROLLBACK', 'DUPLICATE',
  // `npm run cluster`: gRPC health states, search attribute types, PostgreSQL's version file; git's HEAD.
  'SERVING', 'NOT_SERVING', 'UNREACHABLE', 'DOUBLE', 'BOOL', 'DATETIME', 'KEYWORD_LIST', 'PG_VERSION', 'HEAD',
]);

const codeShaped = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})'/g;

/** Every raw code the list says it stands for (ECONNREFUSED, ERR_LEADWIRE_...); `ERR_TLS_*` stands for every code that starts with ERR_TLS. */
const MAPPED = Object.values(ERROR_CODES as Record<string, ErrorCodeInfo>).flatMap((info) => info.mappedFrom ?? []);
const isMapped = (literal: string) => MAPPED.some((raw) => (raw.endsWith('_*') ? literal.startsWith(raw.slice(0, -2)) : raw === literal));

describe('the list of error codes (src/core/errors/error-codes.ts)', () => {
  it('holds every code-shaped string in src/ and scripts/ (add a new code to the list, with its meaning, retry and what to do)', () => {
    const unlisted: string[] = [];
    for (const file of SOURCES) {
      const text = readFileSync(file, 'utf8');
      for (const [, literal] of text.matchAll(codeShaped)) {
        if (isErrorCode(literal) || isMapped(literal!) || NOT_CODES.has(literal!) || /^(LEADWIRE|TEMPORAL)_/.test(literal!)) continue;
        unlisted.push(`${relative(PROJECT_ROOT, file)}: ${literal}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it('leaves no bare `throw new Error` on a delivery path (src/activities, src/core, src/workflows): each error there has a listed code', () => {
    const bare = SOURCES.filter((f) => /[/\\]src[/\\](activities|core|workflows)[/\\]/.test(f))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/throw new Error\(/g)].map(() => relative(PROJECT_ROOT, f)));
    expect(bare).toEqual([]);
  });

  it('lists no code that nothing emits', () => {
    const all = SOURCES.map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = (Object.keys(ERROR_CODES) as ListedErrorCode[]).filter((code) => !all.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('refuses an unlisted code at compile time and tells a listed one from anything else at run time', () => {
    // @ts-expect-error: not a code of the list, so `tsc` (npm test's typecheck) fails without this line's directive.
    expect(new LeadwireError('SOMETHING_NEW', 'x').code).toBe('SOMETHING_NEW');
    for (const code of ['TIMEOUT', 'WORKER_LOST', 'HTTP_503', 'FST_ERR_CTP_BODY_TOO_LARGE']) expect(isErrorCode(code)).toBe(true);
    for (const code of ['Error', 'HTTP_5x', 'ECONNREFUSED', '', undefined]) expect(isErrorCode(code)).toBe(false);
    expect(toErrorCode('Error', 'INTERNAL')).toBe('INTERNAL');
    expect(errorCodeInfo('HTTP_422').retried).toMatch(/408, 429 and 5xx/);
  });

  it('says "not retried" of exactly the network codes the judge does not retry', () => {
    const network = Object.entries(ERROR_CODES as Record<string, ErrorCodeInfo>).filter(([, info]) => info.area === 'network' && typeof info.retried === 'boolean');
    for (const [code, info] of network) expect([code, info.retried]).toEqual([code, !NON_RETRYABLE_NETWORK_CODES.has(code as ListedErrorCode)]);
    for (const code of NON_RETRYABLE_NETWORK_CODES) expect([code, ERROR_CODES[code as ListedErrorCode]?.retried]).toEqual([code, false]);
  });

  it("maps each Node and got code it names to the code that names it", () => {
    for (const [code, info] of Object.entries(ERROR_CODES as Record<string, ErrorCodeInfo>)) {
      for (const raw of info.mappedFrom ?? []) {
        if (raw.includes(' ') || raw.includes('*') || /^ERR_LEADWIRE_(INSECURE|REDIRECT)|^ERR_TOO_MANY/.test(raw)) continue; // mapped by the HTTP sender, not here
        expect([raw, describeNetworkError(raw, 1000).code]).toEqual([raw, code]);
      }
    }
    expect(describeNetworkError('ERR_TLS_CERT_ALTNAME_INVALID', 1000).code).toBe('TLS_ERROR');
    expect(describeNetworkError('ERR_SSL_WRONG_VERSION_NUMBER', 1000).code).toBe('TLS_ERROR');
    expect(describeNetworkError('ESOMETHINGELSE', 1000)).toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringContaining('ESOMETHINGELSE') });
  });

  it('gives every code a meaning and something to do, in sentences', () => {
    for (const [code, info] of Object.entries(ERROR_CODES as Record<string, ErrorCodeInfo>)) {
      expect([code, /[.)]$/.test(info.meaning), /[.)]$/.test(info.action)]).toEqual([code, true, true]);
    }
  });
});
