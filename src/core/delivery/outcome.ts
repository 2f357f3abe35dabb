import type { Outcome } from '../../contract/delivery-record.js';

export type { Outcome };

export const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'error', 'skipped', 'cancelled'];
