import { createHash } from 'node:crypto';

/** Most characters leadwire lets an id it derives (from a lead id) have, as before. */
export const ID_MAX_CHARS = 400;

/** Temporal's default limit on a workflow id, in UTF-8 bytes (the server's `limit.maxIDLength`). */
export const TEMPORAL_ID_MAX_BYTES = 1000;

/**
 * What a distribution's child ids add to its id: `--<buyer slug>--post`, the buyer's name
 * being at most 100 characters of ASCII (flow-schema.ts). A distribution id leaves this much
 * room, so its pings' and posts' ids fit Temporal's limit too.
 */
export const CHILD_SUFFIX_MAX_BYTES = '--'.length + 100 + '--post'.length;

/** Most bytes a distribution id may have, so every child id fits Temporal's limit. */
export const DISTRIBUTION_ID_MAX_BYTES = TEMPORAL_ID_MAX_BYTES - CHILD_SUFFIX_MAX_BYTES;

/** Hex digits of SHA-256 kept after a cut id: 128 bits, so no one can make two long ids collide. */
const HASH_HEX = 32;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * An id derived from outside data (a lead id), kept within `ID_MAX_CHARS` characters and
 * `maxBytes` bytes: an id within both is returned as it is (every id that worked before keeps
 * working), a longer one is cut and ends in `~` and a hash of the whole id, so two ids that
 * share their start stay two ids. Cuts fall between characters, never inside one.
 */
export function boundedId(id: string, maxBytes: number = TEMPORAL_ID_MAX_BYTES): string {
  if (id.length <= ID_MAX_CHARS && utf8Bytes(id) <= maxBytes) return id;
  const suffix = `~${createHash('sha256').update(id).digest('hex').slice(0, HASH_HEX)}`;
  let head = '';
  let bytes = suffix.length;
  for (const char of id) {
    const size = utf8Bytes(char);
    if (head.length + char.length + suffix.length > ID_MAX_CHARS || bytes + size > maxBytes) break;
    head += char;
    bytes += size;
  }
  return `${head}${suffix}`;
}

/** Whether an id given by a caller fits `maxBytes` (Temporal refuses longer workflow ids). */
export const idFits = (id: string, maxBytes: number): boolean => utf8Bytes(id) <= maxBytes;
