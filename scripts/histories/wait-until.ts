/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`
 * naming `what`. The recording waits for conditions (a status, a visibility row), never a fixed time.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}

/** Throws with `message` unless `ok`: a scenario that did not take its path must not be recorded as if it had. */
export function expectPath(ok: boolean, message: string): void {
  if (!ok) throw new Error(`The recording did not take the expected path: ${message}`);
}
