/** Parses a response body as JSON when it is JSON; otherwise returns undefined. Never throws. */
export function tryParseJson(body: string): unknown {
  const trimmed = body.trim();
  if (!trimmed || !/^[[{"\d\-tfn]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
