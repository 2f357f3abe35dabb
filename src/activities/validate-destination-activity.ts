import { parseDestination } from '../config/parse-destination.js';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';

/**
 * The full validation of a corrected destination (the schema `leadwire validate` uses), for an
 * operator's retry that reached the workflow without it: `temporal workflow update` or signal,
 * the Web UI. The workflow cannot load zod, so it runs this as a local activity before the
 * retry is taken. Returns the problems by path, none when the destination is valid; the
 * destination holds `${SECRET}` references only, so neither it nor the issues carry a value.
 */
export async function validateCorrectedDestination(destination: unknown): Promise<ConfigIssue[]> {
  try {
    parseDestination(destination, 'The corrected destination');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}
