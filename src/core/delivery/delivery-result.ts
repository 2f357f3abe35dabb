export type { AttemptRecord, DeliveryResult, OperatorAction } from '../../contract/delivery-record.js';
