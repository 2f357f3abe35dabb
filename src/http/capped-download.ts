import type { CancelableRequest } from 'got';

/** Set once a download passed its cap: the request was cancelled for that, not for a network failure. */
export interface DownloadCap {
  exceeded: boolean;
}

/**
 * Awaits a got request, cancelling it once more than `maxBytes` have arrived (and setting
 * `cap.exceeded`, so the caller can tell the cancellation from a network failure).
 */
export function downloadCapped<T>(pending: CancelableRequest<T>, maxBytes: number, cap: DownloadCap): CancelableRequest<T> {
  // `transferred` counts decoded bytes (got decompresses first), so a gzip bomb stops at the cap
  // too. on() returns the request itself, for the caller to await.
  return pending.on('downloadProgress', ({ transferred }) => {
    if (transferred > maxBytes) {
      cap.exceeded = true;
      pending.cancel();
    }
  });
}
