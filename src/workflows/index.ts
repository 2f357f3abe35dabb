export { deliverLead } from './deliver-lead.js';
