import type { Session } from '../auth/session-cookie.js';
import type { Paths } from './paths.js';

/** What every page needs: where the console is mounted, who is signed in, and the CSRF token its actions carry. */
export interface ViewContext {
  paths: Paths;
  session?: Session;
  csrfToken: string;
  nowMs: number;
}
