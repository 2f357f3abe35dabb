/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order in
 * the results. Starting thousands of deliveries one at a time is slow; all at once swamps
 * the server, so a bounded pool sits between.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
