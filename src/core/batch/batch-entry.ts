export type { BatchEntry } from '../../contract/batch-records.js';
