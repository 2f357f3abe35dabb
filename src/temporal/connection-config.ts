import { loadClientConnectConfig } from '@temporalio/envconfig';

export interface ConnectOverrides {
  /** host:port; overrides TEMPORAL_ADDRESS and the config file. */
  address?: string;
  namespace?: string;
}

/**
 * Connection settings from Temporal's standard environment configuration
 * (`TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`, TLS variables and the
 * TOML profile file), with explicit overrides on top. Defaults to localhost:7233.
 */
export function connectionConfig(overrides: ConnectOverrides = {}) {
  const loaded = loadClientConnectConfig();
  const connectionOptions = { ...loaded.connectionOptions };
  if (overrides.address) connectionOptions.address = overrides.address;
  if (!connectionOptions.address) connectionOptions.address = 'localhost:7233';
  return { connectionOptions, namespace: overrides.namespace ?? loaded.namespace ?? 'default' };
}
