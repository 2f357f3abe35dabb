export { deliverLead } from './deliver-lead.js';
export { deliverBatch } from './deliver-batch.js';
export { leadBatcher } from './lead-batcher.js';
export { distributeLead } from './distribute-lead.js';
export { buyerCaps } from './buyer-caps.js';
