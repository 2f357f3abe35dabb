import { createHash } from 'node:crypto';

/**
 * Most characters a workflow id may have on every Temporal store leadwire runs on: the SQL
 * stores (PostgreSQL, MySQL, SQLite schemas) keep workflow ids and Keyword search attributes
 * in `VARCHAR(255)` columns, so a longer id fails there even though the server itself allows 1000 bytes.
 */
export const ID_MAX_CHARS = 255;

/** Temporal's default limit on a workflow id, in UTF-8 bytes (the server's `limit.maxIDLength`). */
export const TEMPORAL_ID_MAX_BYTES = 1000;

/**
 * What a distribution's child ids add to its id: `--<buyer slug>--post`, the buyer's name
 * being at most 100 characters of ASCII (flow-schema.ts). A distribution id leaves this much
 * room, so its pings' and posts' ids fit the limits too.
 */
const CHILD_SUFFIX_MAX_CHARS = '--'.length + 100 + '--post'.length;

/** Most characters a distribution id may have, so every child id fits {@link ID_MAX_CHARS}. */
export const DISTRIBUTION_ID_MAX_CHARS = ID_MAX_CHARS - CHILD_SUFFIX_MAX_CHARS;

/** Most bytes a distribution id may have, so every child id fits Temporal's limit. */
export const DISTRIBUTION_ID_MAX_BYTES = TEMPORAL_ID_MAX_BYTES - CHILD_SUFFIX_MAX_CHARS;

/** The limits an id must keep: characters (code points, as PostgreSQL counts them) and UTF-8 bytes. */
interface IdLimits {
  chars: number;
  bytes: number;
}

export const WORKFLOW_ID_LIMITS: IdLimits = { chars: ID_MAX_CHARS, bytes: TEMPORAL_ID_MAX_BYTES };
export const DISTRIBUTION_ID_LIMITS: IdLimits = { chars: DISTRIBUTION_ID_MAX_CHARS, bytes: DISTRIBUTION_ID_MAX_BYTES };

/** Hex digits of SHA-256 kept after a cut id: 128 bits, so no one can make two long ids collide. */
const HASH_HEX = 32;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const codePoints = (text: string) => Array.from(text).length;

/** Whether an id keeps both limits (Temporal, or its store, refuses longer workflow ids). */
export const idFits = (id: string, limits: IdLimits): boolean => codePoints(id) <= limits.chars && utf8Bytes(id) <= limits.bytes;

/**
 * An id derived from outside data (a lead id), kept within `limits`: an id within them is
 * returned as it is (every id that fitted before keeps working), a longer one is cut and ends
 * in `~` and a hash of the whole id, so two ids that share their start stay two ids. Cuts fall
 * between characters, never inside one.
 */
export function boundedId(id: string, limits: IdLimits = WORKFLOW_ID_LIMITS): string {
  if (idFits(id, limits)) return id;
  const suffix = `~${createHash('sha256').update(id).digest('hex').slice(0, HASH_HEX)}`;
  let head = '';
  let chars = suffix.length;
  let bytes = suffix.length;
  for (const char of id) {
    const size = utf8Bytes(char);
    if (chars + 1 > limits.chars || bytes + size > limits.bytes) break;
    head += char;
    chars += 1;
    bytes += size;
  }
  return `${head}${suffix}`;
}
