import { fileURLToPath } from 'node:url';

/** The leadwire checkout (or installed package) root: two levels above this file. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
