import { duration } from '../../core/explain/words.js';

/** "2026-05-01 10:02:07 UTC". */
export const when = (iso: string | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '');

/** How long ago, as people say it: "4 s", "2 min", "3 days". */
export const age = (iso: string, nowMs: number): string => duration(Math.max(0, nowMs - Date.parse(iso)));

/** A price as a number with two decimals (the currency comes with the ledger). */
export const money = (value: number | undefined): string => (value === undefined ? '' : value.toFixed(2));

export { duration };
