/** The options of `leadwire test`, as commander parses them. */
export interface TestFlags {
  lead: string;
  deliveryId?: string;
  json?: boolean;
  local?: boolean;
}
