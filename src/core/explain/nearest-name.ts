/**
 * The known name a misspelt one most likely meant: `sucess_codes` -> `success_codes`,
 * `ZENITH_KEY` -> `ZENITH_API_KEY`, `parkd` -> `parked`; undefined when none is close.
 * Close means few edits for the length (a letter missed, doubled, swapped or changed), or the
 * same words in another arrangement (`_`, `-` and case aside, one name's words all in the other).
 */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const c = name.toLowerCase();
    if (c === w) return name;
    const distance = editDistance(w, c);
    const close = distance <= Math.max(1, Math.floor(Math.max(w.length, c.length) * 0.4));
    const score = close ? distance : sameWords(w, c) ? Math.abs(w.length - c.length) : undefined;
    if (score !== undefined && (best === undefined || score < best.score)) best = { name, score };
  }
  return best?.name;
}

/** Whether the words of one name (split at `_`, `-`, `.` and spaces) all occur in the other. */
function sameWords(a: string, b: string): boolean {
  const words = (s: string) => s.split(/[_\-. ]+/).filter(Boolean);
  const [wa, wb] = [words(a), words(b)];
  if (wa.length === 0 || wb.length === 0) return false;
  const [few, many] = wa.length <= wb.length ? [wa, new Set(wb)] : [wb, new Set(wa)];
  return few.every((x) => many.has(x));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
