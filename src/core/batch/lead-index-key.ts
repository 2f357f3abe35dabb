const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/**
 * A short, stable key for a delivery id (FNV-1a 64-bit, base 36, 11 characters), put in a
 * batch's `LeadwireDeliveryIds` search attribute so that any lead's batch can be found.
 * Full ids would not fit: Temporal caps one search-attribute value at 2 KB by default.
 * Pure and dependency-free, so the workflow sandbox can compute it. A rare collision only
 * makes the lookup check one more batch.
 */
export function leadIndexKey(deliveryId: string): string {
  let hash = FNV_OFFSET;
  for (const byte of utf8(deliveryId)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(36).padStart(13, '0').slice(-11);
}

/**
 * Search-attribute bytes given to a batch's lead index: Temporal's default value limit (2 KB)
 * less a margin, enough for 146 leads. `leadwire dev` and the compose stack raise the server's
 * limit (`limit.searchAttributesSizeOfValue`) and pass a larger budget to index bigger batches.
 */
export const DEFAULT_INDEX_BYTES = 2_000;

/** Bytes of a keyword list as Temporal measures it (JSON), to stay under the value limit. */
const LIST_ITEM_BYTES = 14;

/** The index keys of a batch's leads that fit in `maxBytes` of search attribute value. */
export function indexKeysFor(deliveryIds: readonly string[], maxBytes: number): string[] {
  return deliveryIds.slice(0, Math.max(0, Math.floor((maxBytes - 2) / LIST_ITEM_BYTES))).map(leadIndexKey);
}

/** UTF-8 bytes of a string, without TextEncoder (not every workflow sandbox has it). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
