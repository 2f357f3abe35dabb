export type { SendResult } from '../../contract/send-result.js';
