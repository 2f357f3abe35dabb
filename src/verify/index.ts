/** Helpers for receivers of leadwire requests: check a signature before trusting a lead. */
export { verifyHmacSignature, type VerifyHmacOptions } from './verify-hmac.js';
export { verifyStandardWebhook, type VerifyStandardWebhookOptions } from './verify-standard-webhook.js';
