/** One problem found in a destination config, located by its path. */
export interface ConfigIssue {
  /** Path into the config, e.g. `retry.delays[2]`; empty for the whole document. */
  path: string;
  message: string;
}
