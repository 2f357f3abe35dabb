export const REPORT_DIMENSIONS = ['buyer', 'destination', 'source', 'day'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportQuery {
  by: ReportDimension;
  /** Leads that arrived at or after this time (ISO 8601 or a Date). */
  since: string | Date;
  /** ... and before this one. */
  until: string | Date;
}

/** One line of a report: a buyer, destination, source or UTC day; or the total. */
export interface ReportRow {
  key: string;
  /** Distinct leads. */
  leads: number;
  accepted: number;
  /** Rejected by the destination, duplicates left out. */
  rejected: number;
  /** Not delivered: network, timeout, 5xx, configuration. */
  errors: number;
  duplicates: number;
  returned: number;
  /** accepted / (accepted + rejected + duplicates + errors); null when none ended. */
  acceptanceRate: number | null;
  /** What buyers pay for accepted leads, less returns' credits. */
  revenue: number;
  /** Credited for returns. */
  credited: number;
  cost: number;
  /** revenue - cost. */
  margin: number;
  currency: string;
  /** Intake to the first 2xx response, in milliseconds (accepted deliveries); null without any. */
  p50IntakeTo2xxMs: number | null;
  p95IntakeTo2xxMs: number | null;
}

export interface Report {
  by: ReportDimension;
  since: string;
  until: string;
  currency: string;
  rows: ReportRow[];
  total: ReportRow;
}
