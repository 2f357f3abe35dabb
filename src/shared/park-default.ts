/** How long a stuck delivery waits for an operator when its destination does not say: 7 days, in milliseconds. */
export const DEFAULT_PARK_WINDOW_MS = 7 * 24 * 3600 * 1000;
