/** One problem found in a destination config, located by its path. */
export interface ConfigIssue {
  /** Path into the config, e.g. `retry.delays[2]`; empty for the whole document. */
  path: string;
  message: string;
  /** Where it is in the file (1-based), when the problem is the file's syntax rather than a path. */
  line?: number;
  col?: number;
}
