/**
 * How long a test waits for something that happens on its own time: a worker's next step, the
 * visibility store catching up with a write (Temporal's list, count and search attributes are
 * eventually consistent), a sink or a metrics counter after a workflow task. On a quiet machine
 * each takes well under a second. The bound is CPU starvation (two cores shared by the dev
 * server, two test files and whatever else runs), not the behaviour, so it is generous.
 */
export const PATIENCE_MS = 45_000;

/**
 * Calls `look` until it returns something other than undefined, and returns that. Throws,
 * naming `what` and the last value seen, once `timeoutMs` pass. Polls; never waits a fixed time
 * before looking.
 */
export async function eventually<T>(what: string, look: () => Promise<T | undefined> | T | undefined, timeoutMs = PATIENCE_MS, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not so after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `check` holds (see eventually). */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = PATIENCE_MS, everyMs = 100): Promise<void> {
  await eventually(what, async () => ((await check()) ? true : undefined), timeoutMs, everyMs);
}

/** Calls `look` until `done` holds for what it returns, and returns that (see eventually). */
export async function waitFor<T>(what: string, look: () => Promise<T>, done: (value: T) => boolean, timeoutMs = PATIENCE_MS, everyMs = 100): Promise<T> {
  let last: T | undefined;
  try {
    return await eventually(what, async () => {
      last = await look();
      return done(last) ? last : undefined;
    }, timeoutMs, everyMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
  }
}
