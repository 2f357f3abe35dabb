/** Small wording helpers shared by the Web UI's details and summaries. Times are ISO 8601, in UTC. */

/** "1 attempt", "3 attempts", "2 batches". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A wait as people say it: "350 ms", "4 s", "2 min", "1 h 30 min", "7 days". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const days = Math.round(h / 24);
  return plural(days, 'day');
}

/** "10:02 UTC" (seconds when they are not zero: "10:02:07 UTC"). */
export function clockTime(iso: string): string {
  const t = iso.slice(11, 19);
  return `${t.endsWith(':00') ? t.slice(0, 5) : t} UTC`;
}

/** "2026-12-07 10:02 UTC". */
export function dayAndTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A summary on one line within Temporal's limit for user-metadata summaries (200 bytes), counted
 * in UTF-8 bytes: a destination named in another script must not push a timer's or an
 * activity's summary over it.
 */
export function oneLine(text: string, maxBytes = 190): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (utf8Length(line) <= maxBytes) return line;
  const ellipsis = '…';
  let out = '';
  let bytes = utf8Length(ellipsis);
  for (const ch of line) {
    const n = utf8Length(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out + ellipsis;
}

/** UTF-8 length without TextEncoder (the workflow sandbox's globals are kept to a minimum). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
