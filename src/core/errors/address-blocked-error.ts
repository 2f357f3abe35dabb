import { LeadwireError } from './leadwire-error.js';

/**
 * The SSRF guard refused to connect: the destination's host is, or resolves to, an address
 * the worker may not reach. Not retryable: the same address would be refused again.
 */
export class AddressBlockedError extends LeadwireError {
  /** Node-style code, so HTTP clients pass it through unchanged. */
  static readonly NODE_CODE = 'ERR_LEADWIRE_ADDRESS_BLOCKED';

  constructor(host: string, address: string, rule: string) {
    super(
      'ADDRESS_BLOCKED',
      `Refused to connect to ${host}${host === address ? '' : ` (${address})`}: the address is ${rule}, which destinations may not reach. ` +
        'If this deployment must reach it, add it to the network allow-list (LEADWIRE_ALLOW_NETWORKS).',
    );
    Object.defineProperty(this, 'code', { value: AddressBlockedError.NODE_CODE });
  }
}
