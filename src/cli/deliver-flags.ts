import type { ConnectionFlags } from './connection-options.js';

/** The options of `leadwire deliver`, as commander parses them. */
export interface DeliverFlags extends ConnectionFlags {
  lead?: string;
  leads?: string;
  wait?: boolean;
  json?: boolean;
  deliveryId?: string;
  concurrency: string;
  progress?: boolean;
}
