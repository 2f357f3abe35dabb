import { SecretHostChangedError } from '../errors/secret-error.js';
import type { RenderOutcome } from '../render/rendered-request.js';
import { normalizeHost } from './grant-patterns.js';

/**
 * The host a URL goes to, normalised; `undefined` when it cannot be known before the secrets
 * are filled in: the URL does not parse, or its host holds a secret's mask (`***NAME***`,
 * percent-encoded or not). No host pattern matches `undefined`, so a host-scoped secret is
 * never sent to a host that is itself built from a secret.
 */
export function urlHost(url: string): string | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (hostname === '' || /[*%]/.test(hostname)) return undefined;
  return normalizeHost(hostname);
}

/** Every URL a rendered request may be sent to: its endpoints (the sender fails over among them), or its one URL. */
export function outcomeUrls(outcome: RenderOutcome): string[] {
  if (outcome.kind !== 'request') return [];
  return outcome.endpoints ?? [outcome.request.url];
}

/**
 * Refuses a request whose real URLs go to other hosts than the masked render its secrets were
 * granted against. A host without secrets renders the same either way; it can only differ when
 * a template chooses the host from a secret's value, which would carry a secret granted for one
 * host to another. Names only the masked host, never the real one.
 */
export function assertSameHosts(shownUrls: readonly string[], realUrls: readonly string[], where: string): void {
  for (const [i, shown] of shownUrls.entries()) {
    const host = urlHost(shown);
    if (host === undefined) continue;
    const real = realUrls[i];
    if (real === undefined || urlHost(real) !== host) {
      throw new SecretHostChangedError(
        `The ${where} goes to another host once its secrets are filled in than ${host}, where the secrets were granted for: a template chooses the host from a secret's value. Nothing was sent. Write the host in the URL itself, or as a \${SECRET} of its own.`,
      );
    }
  }
}
