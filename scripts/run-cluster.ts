// `npm run cluster -- up|down|status|address|start-service|stop-service|kill-service`:
// a PostgreSQL-backed Temporal cluster of the project's own, four processes on 127.0.0.1.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { LeadwireError } from '../src/core/errors/leadwire-error.js';
import { PROJECT_ROOT } from '../src/temporal/project-root.js';
import {
  clusterAddress,
  clusterStatus,
  killService,
  SERVICE_NAMES,
  startCluster,
  startPostgres,
  startService,
  stopCluster,
  stopPostgres,
  stopService,
  TEMPORAL_SERVER_VERSION,
  type ServiceName,
} from './cluster/cluster.js';
import { CLUSTER_DIR, LOG_DIR } from './cluster/cluster-layout.js';

const USAGE = `Usage: npm run cluster -- <command>

  up [--port <n>] [--postgres-port <n>] [--log-level <level>]
                        build or reuse the Temporal server, start PostgreSQL and the four
                        services (frontend on 127.0.0.1:17233 by default); reuses what runs
  status [--json]       each process, its pid and its health (exit 1 unless all serve)
  down [--purge]        stop the services and PostgreSQL (--purge: delete data and logs)
  address               print the frontend address (TEMPORAL_ADDRESS)
  start-service <name>  start one of: postgres, ${SERVICE_NAMES.join(', ')}
  stop-service <name>   stop one gracefully (SIGTERM; PostgreSQL: pg_ctl -m fast)
  kill-service <name>   SIGKILL one (PostgreSQL: pg_ctl -m immediate, a crash stop)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    'postgres-port': { type: 'string' },
    'log-level': { type: 'string' },
    purge: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

/** A path as the user would type it from the checkout: relative inside it, absolute outside. */
const rel = (path: string) => {
  const inside = relative(PROJECT_ROOT, path);
  return inside.startsWith('..') ? path : inside || '.';
};

function portOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65_000) throw new LeadwireError('CLUSTER_BAD_PORT', `${flag} must be a port between 1024 and 65000, not ${value}.`);
  return port;
}

function serviceArg(name: string | undefined): ServiceName | 'postgres' {
  if (name === 'postgres' || SERVICE_NAMES.includes(name as ServiceName)) return name as ServiceName | 'postgres';
  throw new LeadwireError('CLUSTER_BAD_SERVICE', `Name a service: postgres, ${SERVICE_NAMES.join(', ')} (got ${name ?? 'nothing'}).`);
}

async function up(): Promise<void> {
  const log = (line: string) => console.log(line);
  const frontendPort = portOption(values.port ?? process.env.LEADWIRE_CLUSTER_PORT, '--port');
  const postgresPort = portOption(values['postgres-port'] ?? process.env.LEADWIRE_CLUSTER_POSTGRES_PORT, '--postgres-port');
  const cluster = await startCluster({
    ...(frontendPort ? { frontendPort } : {}),
    ...(postgresPort ? { postgresPort } : {}),
    ...(values['log-level'] ? { logLevel: values['log-level'] } : {}),
    log,
  });
  const { services, postgres } = cluster.ports;
  const reused = cluster.reusedServices.length === SERVICE_NAMES.length ? ' (all four were running)' : '';
  console.log(`
Cluster up in ${cluster.seconds.toFixed(1)} s${reused}: Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL, one process per service
  frontend   127.0.0.1:${services.frontend.grpc}  (HTTP ${services.frontend.http})   <- TEMPORAL_ADDRESS
  history    127.0.0.1:${services.history.grpc}
  matching   127.0.0.1:${services.matching.grpc}
  worker     127.0.0.1:${services.worker.grpc}
  postgres   127.0.0.1:${postgres}  (data in ${rel(cluster.postgres.dataDir)})
  metrics    http://127.0.0.1:${services.frontend.metrics}/metrics (frontend; history +1, matching +2, worker +3)
  logs       ${rel(LOG_DIR)}/
Namespace ${cluster.namespace}, leadwire's search attributes registered.

  TEMPORAL_ADDRESS=${cluster.address} npm run worker      a leadwire worker on the cluster
  npm run test:cluster                                    the integration tests against it
  npm run cluster -- status                               processes and health
  npm run cluster -- down                                 stop (down --purge deletes ${rel(CLUSTER_DIR)}${cluster.postgres.home ? ` and ${cluster.postgres.home}` : ''})`);
}

async function status(): Promise<number> {
  const result = await clusterStatus();
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return result.healthy ? 0 : 1;
  }
  if (result.services.length === 0) {
    console.log(`No cluster in ${rel(CLUSTER_DIR)}. Start one with: npm run cluster -- up`);
    return 1;
  }
  console.log(`Cluster at ${result.address}: ${result.healthy ? 'healthy' : 'NOT healthy'}`);
  for (const s of result.services) {
    console.log(`  ${s.name.padEnd(9)} 127.0.0.1:${String(s.port).padEnd(6)} ${s.running ? `pid ${String(s.pid).padEnd(8)}` : 'not running '} ${s.health}`);
  }
  return result.healthy ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'up':
      await up();
      return 0;
    case 'down':
      await stopCluster({ purge: values.purge });
      return 0;
    case 'status':
      return status();
    case 'address': {
      const address = clusterAddress();
      if (!address) throw new LeadwireError('CLUSTER_NOT_CREATED', 'No cluster yet. Run `npm run cluster -- up` first.');
      console.log(address);
      return 0;
    }
    case 'start-service': {
      const name = serviceArg(arg);
      const pid = name === 'postgres' ? await startPostgres() : await startService(name);
      console.log(`${name}: running (pid ${pid})`);
      return 0;
    }
    case 'stop-service':
    case 'kill-service': {
      const name = serviceArg(arg);
      const kill = command === 'kill-service';
      if (name === 'postgres') await stopPostgres(kill ? 'immediate' : 'fast');
      else await (kill ? killService(name) : stopService(name));
      console.log(`${name}: ${kill ? 'killed' : 'stopped'}`);
      return 0;
    }
    default:
      console.error(`Unknown command ${command}.\n\n${USAGE}`);
      return 1;
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof LeadwireError) {
    console.error(`cluster: ${err.message}`);
    process.exitCode = 1;
  } else throw err;
}
