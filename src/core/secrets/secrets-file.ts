/**
 * One secret's entry in the worker's secrets file (LEADWIRE_SECRETS_FILE): where its value
 * comes from, and which destinations and hosts it is granted for (src/config/secrets-file-schema.ts
 * validates the file into this).
 */
export interface SecretEntry {
  from_env?: string;
  from_file?: string;
  /** Destination slugs or names; absent: every destination. */
  destinations?: string[];
  /** Host patterns (`api.acme.com`, `*.acme.com`); absent: any host. */
  hosts?: string[];
  /** Never present: values are not written in the file. */
  value?: undefined;
}

/** The worker's secrets file, validated. */
export interface SecretsFile {
  secrets: Record<string, SecretEntry>;
}
