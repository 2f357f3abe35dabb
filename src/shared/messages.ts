import { defineQuery } from '@temporalio/workflow';
import type { DeliveryStatus } from './delivery-status.js';

/** Live status of a delivery: attempts so far, last error, next retry time. */
export const statusQuery = defineQuery<DeliveryStatus>('status');
