import { z } from 'zod';

/**
 * A path into a lead: dot-separated names with optional `[n]` indexes,
 * e.g. `email`, `customFields.source`, `phones[0].number`.
 */
export const LEAD_PATH_PATTERN = /^[A-Za-z_$][\w$-]*(?:\[\d+\])*(?:\.[A-Za-z0-9_$][\w$-]*(?:\[\d+\])*)*$/;

export const leadPath = z
  .string()
  .regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `email` or `customFields.source`' });
