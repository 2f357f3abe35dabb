export type { JsonValue, Lead } from '../../contract/lead.js';
