import type { Agents, BeforeRedirectHook } from 'got';
import { isSensitiveHeader } from '../core/redact/redact-headers.js';

/** The `code` of the error thrown to stop a redirect hop to plain http://. */
export const INSECURE_REDIRECT = 'ERR_LEADWIRE_INSECURE_REDIRECT';
/** The `code` of the error thrown to stop a redirect hop to a host the request's secrets are not granted for. */
export const REDIRECT_NOT_GRANTED = 'ERR_LEADWIRE_REDIRECT_NOT_GRANTED';

export interface RedirectGuardOptions {
  /** Allow a hop to `http://` (the destination's `allow_insecure_http`). */
  allowInsecureHttp: boolean;
  /** Why a hop may not go to this URL (see SendOptions.redirectRefusal), or undefined when it may. */
  redirectRefusal?: (url: URL) => string | undefined;
  /** Header names (lower case) that carry a credential whatever their name. */
  credentialHeaders: ReadonlySet<string>;
  /** The agents a hop to this URL uses (direct or through the egress proxy). */
  agentsFor: (url: URL) => Agents;
  /** Told the message for a hop `redirectRefusal` refused, before the hop is stopped. */
  onRefused: (message: string) => void;
}

/**
 * got's beforeRedirect hook: checks every hop again (HTTPS, the secrets' host grants), sends it
 * through the agents its own URL calls for, and drops its credentials when it leaves the origin.
 */
export function guardRedirects(options: RedirectGuardOptions): BeforeRedirectHook {
  return (next, response) => {
    const to = next.url as URL;
    if (!options.allowInsecureHttp && to.protocol === 'http:') {
      throw Object.assign(new Error('insecure redirect'), { code: INSECURE_REDIRECT });
    }
    const notGranted = options.redirectRefusal?.(to);
    if (notGranted !== undefined) {
      options.onRefused(`Refused to follow a redirect to ${to.hostname}: ${notGranted}`);
      throw Object.assign(new Error('redirect to a host the secrets are not granted for'), { code: REDIRECT_NOT_GRANTED });
    }
    // Each hop through the proxy or not as its own URL says; a proxied hop is checked before the proxy is asked.
    next.agent = options.agentsFor(to);
    // got drops Authorization and Cookie only when the host or port changes; any change
    // of origin (scheme included) drops every credential header here: those named like one,
    // and those the destination's auth sets or fills from a ${SECRET}, whatever their names.
    if (new URL(response.url).origin !== to.origin) {
      for (const name of Object.keys(next.headers)) {
        if (isSensitiveHeader(name) || options.credentialHeaders.has(name.toLowerCase())) delete next.headers[name];
      }
      next.username = '';
      next.password = '';
    }
  };
}
