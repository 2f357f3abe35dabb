/**
 * The error code worth naming beside an HTTP status, for a reader to look up in docs/errors.md:
 * none when it only repeats the status (HTTP_503 of an HTTP 503), which the words already say.
 */
export function ownErrorCode(status: number | undefined, code: string | undefined): string | undefined {
  return code === undefined || (status !== undefined && code === `HTTP_${status}`) ? undefined : code;
}
