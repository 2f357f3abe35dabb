/** `1 attempt`, `2 attempts`, `0 attempts`; `countOf(3, 'delivery', 'deliveries')`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
