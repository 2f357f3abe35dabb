/** How a destination's leads are sent many to a request (`batch` in a destination file). */
export interface BatchPlan {
  /** Most leads in one request. */
  size: number;
  /** Longest a lead waits for its batch to fill, in milliseconds. */
  timeout: number;
  /** Lead path whose value splits leads into separate batchers. */
  key?: string;
  format: 'json' | 'jsonl' | 'csv' | 'xml' | 'template';
  /** The JSON envelope key around the leads; null: a bare array. */
  envelope: string | null;
  xml_root: string;
  template?: string;
  content_type?: string;
  /** Largest body in bytes; a larger batch is split. */
  max_bytes: number;
  results?: BatchResultsPlan;
}

/** Where per-lead results are in a batch response, and how items find their lead. */
export interface BatchResultsPlan {
  path: string;
  match: 'order' | 'id';
  id_path?: string;
}
