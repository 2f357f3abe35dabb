import { writeFile } from 'node:fs/promises';
import { ClusterError } from './cluster-error.js';
import { logFile, POSTGRES_USER, SQL_BIN, TEMPORAL_SERVER_VERSION } from './cluster-layout.js';
import { run, tail } from './processes.js';

/** The two databases and the schema each gets, as embedded in the SQL tool (`--schema-name`). */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

/**
 * Creates `temporal` and `temporal_visibility` and brings both schemas to the version this
 * server needs, with the server's own `temporal-sql-tool` (as docker-compose.yml's setup does).
 * Every step is idempotent: on an existing database, `create` and `setup-schema -v 0.0` change
 * nothing and `update-schema` applies only the versions still missing.
 */
export async function applyTemporalSchema(port: number, password: string, log: (line: string) => void = console.log): Promise<void> {
  const schemaLog = logFile('schema');
  await writeFile(schemaLog, ''); // each run's output only
  const env = { ...process.env, SQL_PASSWORD: password };
  const base = ['--plugin', 'postgres12', '--endpoint', '127.0.0.1', '--port', String(port), '--user', POSTGRES_USER];
  for (const { database, schema } of TEMPORAL_DATABASES) {
    for (const step of [['create-database'], ['setup-schema', '--version', '0.0'], ['update-schema', '--schema-name', schema]]) {
      const result = await run(SQL_BIN, [...base, '--database', database, ...step], { env, logFile: schemaLog });
      if (result.code !== 0) {
        throw new ClusterError(
          'CLUSTER_SCHEMA_FAILED',
          `temporal-sql-tool ${step[0]} on ${database} failed (exit ${result.code}). The end of ${schemaLog}:\n${tail(schemaLog)}`,
        );
      }
    }
  }
  log(`PostgreSQL: databases temporal and temporal_visibility at the schema of server ${TEMPORAL_SERVER_VERSION}`);
}
