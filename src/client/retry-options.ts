import type { Destination, DestinationInput } from '../config/destination-schema.js';

/** How an operator retries a parked delivery: with a corrected destination, and who asked. */
export interface RetryOptions {
  destination?: Destination | DestinationInput;
  requestedBy?: string;
}
