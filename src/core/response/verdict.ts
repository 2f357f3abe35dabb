export type { Verdict } from '../../contract/verdict.js';
