// Reading a stored message whose shape is not guaranteed (recorded by an earlier release, or
// written by hand): each reader returns the value when it has the expected type, else the
// fallback it is given. Pure and deterministic: they run inside workflows.

export type Stored = Record<string, unknown>;

/** The object, or an empty one for anything else. */
export function storedObject(value: unknown): Stored {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Stored) : {};
}

export function flagOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** A whole number of at least `min`. */
export function countOr(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
}

/** A finite number in [min, max]. */
export function numberOr(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** `{ key: value }` for each listed key the object has (not undefined), as stored: for parts whose shape did not change. */
export function copied<T>(from: Stored, keys: readonly (keyof T & string)[]): Partial<T> {
  const out: Stored = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out as Partial<T>;
}
