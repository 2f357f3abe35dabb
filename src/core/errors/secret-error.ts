import { LeadwireError } from './leadwire-error.js';

/** A secret reference (`${NAME}`) whose environment variable is not set on the worker. */
export class MissingSecretError extends LeadwireError {
  readonly variable: string;
  constructor(variable: string) {
    super(
      'SECRET_MISSING',
      `The environment variable ${variable} is not set on the worker, but the destination references it as \${${variable}}. Set it in the worker's environment and retry the delivery.`,
    );
    this.variable = variable;
  }
}
