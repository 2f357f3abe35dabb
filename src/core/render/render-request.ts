import type { Destination } from '../../config/destination-schema.js';
import type { Lead } from '../lead/lead.js';
import { substituteSecrets, type SecretResolver } from '../secrets/secret-refs.js';
import { mapValue } from './map-value.js';
import type { RenderContext, RenderOutcome, RenderedRequest } from './rendered-request.js';

/**
 * Turns a lead into the exact HTTP request a destination wants. Pure: time, ids and
 * secrets come in as arguments. Called with a masking resolver for previews and
 * records, and with the real one only inside the sending activity.
 */
export function renderRequest(
  destination: Destination,
  lead: Lead,
  context: RenderContext,
  secrets: SecretResolver,
): RenderOutcome {
  const headers: Record<string, string> = {};
  let body: string | undefined;

  if (destination.method !== 'GET' && destination.method !== 'DELETE') {
    const value = destination.body ? mapValue(destination.body.mapping, lead, destination.body.on_missing, '') : lead;
    body = JSON.stringify(value);
    headers['Content-Type'] = 'application/json';
  }
  headers['Idempotency-Key'] = context.deliveryId;

  // User headers override defaults, whatever their case.
  for (const [name, value] of Object.entries(destination.headers)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = substituteSecrets(value, secrets);
  }

  const request: RenderedRequest = {
    method: destination.method,
    // A secret placed in a URL (the guide's `?api_key=${API_KEY}`) is percent-encoded.
    url: substituteSecrets(destination.url, (name) => encodeURIComponent(secrets(name))),
    headers,
    ...(body === undefined ? {} : { body }),
  };
  return { kind: 'request', request };
}
