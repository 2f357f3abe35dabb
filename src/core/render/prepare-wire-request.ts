import { gzipSync } from 'node:zlib';
import type { AuthPlan } from '../../contract/request-plan.js';
import { signRequest, type SignContext } from '../auth/sign-request.js';
import type { SecretResolver } from '../secrets/secret-refs.js';
import type { RenderedRequest, WireRequest } from './rendered-request.js';

/**
 * The bytes that go on the wire for one attempt: the body compressed when asked, then
 * signed, so a signature always covers exactly the bytes the receiver reads.
 */
export function prepareWireRequest(
  request: RenderedRequest,
  options: { compress: 'none' | 'gzip'; auth: AuthPlan | undefined },
  secrets: SecretResolver,
  ctx: SignContext,
): WireRequest {
  const body = request.body !== undefined && options.compress === 'gzip' ? gzipSync(Buffer.from(request.body, 'utf8')) : request.body;
  return signRequest({ ...request, ...(body === undefined ? {} : { body }) }, options.auth, secrets, ctx);
}
