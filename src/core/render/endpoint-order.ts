/** How a pool of endpoints is used. */
type EndpointStrategy = 'round_robin' | 'random' | 'in_order';

/**
 * The order endpoints are tried in: start at the chosen one, then fail over to the next,
 * wrapping around. `pick` is a round-robin counter or a random integer, passed in so this stays pure.
 */
export function endpointOrder(count: number, strategy: EndpointStrategy, pick: number): number[] {
  const start = strategy === 'in_order' || count === 0 ? 0 : ((pick % count) + count) % count;
  return Array.from({ length: count }, (_, i) => (start + i) % count);
}
