export { deliverLead } from './deliver-lead.js';
export { deliverBatch } from './deliver-batch.js';
export { leadBatcher } from './lead-batcher.js';
