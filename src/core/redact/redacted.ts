/** What a credential's value is replaced with in records, logs and messages. */
export const REDACTED = '[redacted]';
