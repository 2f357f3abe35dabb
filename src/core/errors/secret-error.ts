import { LeadwireError } from './leadwire-error.js';

/**
 * A secret the worker grants to this destination, whose value is not there: its variable is
 * unset or empty, or its file cannot be read. The message says where the value should come from.
 */
export class MissingSecretError extends LeadwireError {
  /** The secret's name, as the destination writes it (`${NAME}`). */
  readonly secret: string;
  constructor(secret: string, message: string) {
    super('SECRET_MISSING', message);
    this.secret = secret;
  }
}

/**
 * A secret reference this worker does not grant: no secret by that name, or not to this
 * destination, or not for a host this request may go to. The message names the missing grant
 * and how to add it; never a value.
 */
export class SecretNotGrantedError extends LeadwireError {
  readonly secret: string;
  constructor(secret: string, message: string) {
    super('SECRET_NOT_GRANTED', message);
    this.secret = secret;
  }
}

/**
 * The request goes to another host once its secrets are filled in than the masked render it
 * was granted against (a template that picks the host from a secret's value). Refused, so a
 * host-scoped secret never travels to a host it was not checked against.
 */
export class SecretHostChangedError extends LeadwireError {
  constructor(message: string) {
    super('SECRET_HOST_CHANGED', message);
  }
}

/** The secrets file (`LEADWIRE_SECRETS_FILE`) cannot be read or is not valid: the worker does not start. */
export class SecretsFileError extends LeadwireError {
  constructor(message: string) {
    super('SECRETS_FILE_INVALID', message);
  }
}
