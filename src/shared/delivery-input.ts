export type { DeliverLeadInput } from '../contract/workflow-inputs.js';
