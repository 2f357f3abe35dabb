import { z } from 'zod';
import { doc } from './doc-meta.js';

/** `${NAME}` or `${env:NAME}` as the whole value: PEM text from the worker's environment. */
const WHOLE_SECRET_REF = /^\$\{(?:env:)?[A-Za-z_][A-Za-z0-9_]*\}$/;

/**
 * Where PEM material comes from: a secret reference (`${TLS_KEY}`) or a file path relative
 * to the worker's TLS directory (`LEADWIRE_TLS_DIR`, default the working directory).
 * Inline PEM is refused: it would be copied into every delivery's history.
 */
const pemSource = z
  .string()
  .min(1, { error: 'expected a secret reference such as ${TLS_CA} or a file path such as certs/ca.pem' })
  .max(1024)
  .superRefine((value, ctx) => {
    if (WHOLE_SECRET_REF.test(value)) return;
    if (value.includes('-----BEGIN')) {
      ctx.addIssue({ code: 'custom', message: 'inline PEM is not accepted (it would be stored in every delivery history); put it in a secret such as ${TLS_KEY} or in a file under LEADWIRE_TLS_DIR' });
      return;
    }
    const problem = unsafeTlsPath(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Why a TLS file path is refused, or undefined when it is fine: it must stay inside the TLS
 * directory, so absolute paths, `..` segments, NUL bytes and `~` are refused.
 */
export function unsafeTlsPath(path: string): string | undefined {
  if (path.includes('\u0000')) return 'a file path may not contain a NUL byte';
  if (/^([/\\]|[A-Za-z]:)/.test(path) || path.startsWith('~')) return `the file path "${path}" must be relative to the worker's TLS directory (LEADWIRE_TLS_DIR), not absolute`;
  if (path.split(/[/\\]/).includes('..')) return `the file path "${path}" may not contain ".." (it must stay inside LEADWIRE_TLS_DIR)`;
  if (/\$\{/.test(path)) return 'expected either a whole secret reference such as ${TLS_KEY} or a plain file path, not a mix';
  return undefined;
}

/**
 * Per-destination TLS: a CA bundle to trust (a self-signed or private CA) and a client
 * certificate and key for mutual TLS. Values are resolved only at send time, so key
 * material never enters Temporal's history.
 */
export const TlsSchema = z
  .strictObject({
    ca: pemSource.optional().meta(doc('PEM CA certificate(s) trusted for this destination, besides the system ones.', '${BUYER_CA_PEM}')),
    cert: pemSource.optional().meta(doc('PEM client certificate (chain) for mutual TLS; needs `key`.', 'buyer/client.pem')),
    key: pemSource.optional().meta(doc('PEM private key of the client certificate; needs `cert`.', '${BUYER_CLIENT_KEY}')),
  })
  .superRefine((tls, ctx) => {
    if (tls.cert && !tls.key) ctx.addIssue({ code: 'custom', path: ['key'], message: 'a client certificate needs its private key: add `key`' });
    if (tls.key && !tls.cert) ctx.addIssue({ code: 'custom', path: ['cert'], message: 'a private key needs its client certificate: add `cert`' });
  });

