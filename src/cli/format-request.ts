import type { RenderedRequest } from '../core/render/rendered-request.js';

/** The request as it goes on the wire, in HTTP/1.1 message form. */
export function formatRequest(request: RenderedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  lines.push('');
  if (request.body !== undefined) lines.push(request.body);
  return lines.join('\n');
}
