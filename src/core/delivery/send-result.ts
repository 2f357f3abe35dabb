export type { EndpointChoice, ResponseRecord, SendResult } from '../../contract/send-result.js';
