import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { unsafeTlsPath } from '../config/tls-schema.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';

/** PEM text already resolved from a secret, or a file to read under the TLS directory. */
export type PemSource = { pem: string } | { file: string };

/** A destination's TLS settings for one request, secrets resolved, files not yet read. */
export interface RequestTls {
  /** Check the server certificate (false only with `validate_ssl: false`). */
  validate: boolean;
  ca?: PemSource;
  cert?: PemSource;
  key?: PemSource;
}

/** What Node's TLS needs: trusted CAs (system ones plus the destination's), client cert and key. */
export interface TlsMaterial {
  rejectUnauthorized: boolean;
  ca?: string[];
  cert?: string;
  key?: string;
}

/**
 * Reads a destination's TLS files, at send time only, from inside `tlsDir`: the path is
 * checked again (the config may predate the check) and its real path must stay inside the
 * directory, so a symlink cannot lead out. Errors name the path, never the contents.
 */
export async function loadTlsMaterial(tls: RequestTls, tlsDir: string): Promise<TlsMaterial> {
  const read = async (source: PemSource | undefined, what: string): Promise<string | undefined> => {
    if (!source) return undefined;
    if ('pem' in source) return source.pem;
    const problem = unsafeTlsPath(source.file);
    if (problem) throw new LeadwireError('TLS_FILE_REFUSED', `tls.${what}: ${problem}.`);
    const root = await realpath(tlsDir);
    let real: string;
    try {
      real = await realpath(resolve(root, source.file));
    } catch {
      throw new LeadwireError('TLS_FILE_UNREADABLE', `tls.${what}: the file "${source.file}" was not found in the worker's TLS directory (LEADWIRE_TLS_DIR=${tlsDir}). Put it there or fix the path.`);
    }
    const rel = relative(root, real);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new LeadwireError('TLS_FILE_REFUSED', `tls.${what}: "${source.file}" leads outside the worker's TLS directory (through a symbolic link); refused.`);
    }
    return readFile(real, 'utf8');
  };
  const [ca, cert, key] = await Promise.all([read(tls.ca, 'ca'), read(tls.cert, 'cert'), read(tls.key, 'key')]);
  return {
    rejectUnauthorized: tls.validate,
    // Node's `ca` replaces the system store; the destination's CA is trusted in addition to it.
    ...(ca ? { ca: [...rootCertificates, ca] } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}
