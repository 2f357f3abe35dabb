import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  clusterPorts,
  DYNAMIC_CONFIG_FILE,
  NAMESPACE,
  NAMESPACE_RETENTION_HOURS,
  SERVER_CONFIG_FILE,
  SERVICE_NAMES,
  TEMPORAL_SERVER_VERSION,
} from '../../../../scripts/cluster/cluster-layout.js';
import { TEMPORAL_DATABASES } from '../../../../scripts/cluster/temporal-schema.js';
import { serviceEnvironment } from '../../../../scripts/cluster/temporal-services.js';
import { SEARCH_ATTRIBUTES } from '../../../../src/shared/search-attributes.js';
import { SERVER_DYNAMIC_CONFIG } from '../../../../src/temporal/server-dynamic-config.js';
import { PROJECT_ROOT } from '../../../../src/temporal/project-root.js';

// docker-compose.yml cannot run here (no Docker engine), so nothing else notices when it drifts
// from what `npm run cluster` runs and the tests exercise. This reads both and compares.

interface ComposeService {
  image?: string;
  ports?: (string | number | { host_ip?: string; published?: string | number; target?: number })[];
  network_mode?: string;
  environment?: Record<string, string | number>;
  volumes?: string[];
  command?: string | string[];
}

const composePath = join(PROJECT_ROOT, 'docker-compose.yml');
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = Object.entries(compose.services);
const imageOf = (image: string | undefined) => (image ?? '').split(':');
const serverServices = services.filter(([, s]) => imageOf(s.image)[0] === 'temporalio/server');
const adminServices = services.filter(([, s]) => imageOf(s.image)[0] === 'temporalio/admin-tools');
const commandOf = (s: ComposeService) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const adminCommands = adminServices.map(([, s]) => commandOf(s)).join(';');

/** The host path a container path is mounted from, resolved against the project. */
function hostPathOf(service: ComposeService, containerPath: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source, target] = volume.split(':');
    if (!source || !target || !source.startsWith('.')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) return resolve(PROJECT_ROOT, source, relative(target, containerPath));
  }
  return undefined;
}

/** Every `{{ env "NAME" }}` the server config template reads. */
const templateVariables = new Set([...readFileSync(SERVER_CONFIG_FILE, 'utf8').matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]!));

describe('docker-compose.yml and `npm run cluster` run the same Temporal', () => {
  it('the same server version, in the server and admin-tools images alike', () => {
    expect(serverServices.length).toBeGreaterThan(0);
    expect(adminServices.length).toBeGreaterThan(0);
    for (const [name, s] of [...serverServices, ...adminServices]) {
      expect(`${name}: ${imageOf(s.image)[1]}`).toBe(`${name}: ${TEMPORAL_SERVER_VERSION}`);
    }
    expect(services.map(([, s]) => imageOf(s.image)[0])).not.toContain('temporalio/auto-setup');
  });

  it('the same process layout: one container per service, as the cluster runs one process per service', () => {
    const roles = serverServices.map(([, s]) => String(s.environment?.TEMPORAL_SERVICES));
    expect(roles.sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('the same config template and dynamic config file, mounted into every server container', () => {
    for (const [name, s] of serverServices) {
      const env = s.environment ?? {};
      expect(hostPathOf(s, String(env.TEMPORAL_SERVER_CONFIG_FILE_PATH)), `${name}: config file`).toBe(SERVER_CONFIG_FILE);
      expect(hostPathOf(s, String(env.DYNAMIC_CONFIG_FILE_PATH)), `${name}: dynamic config file`).toBe(DYNAMIC_CONFIG_FILE);
      // Every variable compose sets is one the template reads (a misspelt one would be ignored).
      const unread = Object.keys(env).filter((v) => !['TEMPORAL_SERVER_CONFIG_FILE_PATH', 'TEMPORAL_SERVICES'].includes(v) && !templateVariables.has(v));
      expect(unread, `${name}: variables deploy/temporal/config.yaml does not read`).toEqual([]);
    }
  });

  it('the cluster script renders the template from variables it reads, too', () => {
    const env = serviceEnvironment('history', clusterPorts(), 'password');
    const unread = Object.keys(env).filter((v) => !['PATH', 'HOME'].includes(v) && !templateVariables.has(v));
    expect(unread).toEqual([]);
  });

  it('the dynamic config file holds exactly the values the dev server is started with', () => {
    const file = parse(readFileSync(DYNAMIC_CONFIG_FILE, 'utf8')) as Record<string, { value: unknown; constraints?: unknown }[]>;
    const values = Object.fromEntries(
      Object.entries(file).map(([key, entries]) => {
        expect(entries, `${key}: one value for all namespaces`).toHaveLength(1);
        expect(entries[0]!.constraints ?? {}).toEqual({});
        return [key, entries[0]!.value];
      }),
    );
    expect(values).toEqual(SERVER_DYNAMIC_CONFIG);
  });

  it('the same search attributes, names and types, as src/shared/search-attributes.ts', () => {
    const registered: Record<string, string> = {};
    for (const statement of adminCommands.split(';').filter((c) => c.includes('search-attribute create'))) {
      const type = /--type\s+(\S+)/.exec(statement)?.[1];
      expect(type, statement).toBeDefined();
      for (const m of statement.matchAll(/--name\s+(\S+)/g)) registered[m[1]!] = type!;
    }
    expect(registered).toEqual(SEARCH_ATTRIBUTES);
  });

  it('the same namespace and retention, and the workers and intake use it', () => {
    const create = adminCommands.split(';').find((c) => c.includes('namespace create'));
    expect(create).toBeDefined();
    expect(/--namespace\s+(\S+)/.exec(create!)?.[1]).toBe(NAMESPACE);
    expect(/--retention\s+(\S+)/.exec(create!)?.[1]).toBe(`${NAMESPACE_RETENTION_HOURS}h`);
    for (const statement of adminCommands.split(';').filter((c) => c.includes('search-attribute create'))) {
      expect(/--namespace\s+(\S+)/.exec(statement)?.[1]).toBe(NAMESPACE);
    }
    for (const [name, s] of services.filter(([, s]) => s.environment?.TEMPORAL_ADDRESS && !imageOf(s.image)[0]?.startsWith('temporalio/'))) {
      expect(`${name}: ${s.environment?.TEMPORAL_NAMESPACE}`).toBe(`${name}: ${NAMESPACE}`);
    }
  });

  it('the same databases and schemas, applied with the server’s own SQL tool', () => {
    for (const { database, schema } of TEMPORAL_DATABASES) {
      expect(adminCommands).toMatch(new RegExp(`--database ${database} update-schema --schema-name ${schema}(;|$|\\s)`));
    }
  });
});

/**
 * The host address a `ports:` entry publishes on: `HOST:HOST_PORT:CONTAINER_PORT` (short syntax,
 * an IPv6 host in brackets) or `host_ip` (long syntax). Without one, Docker publishes on every
 * interface ('0.0.0.0'), as it does for a bare `HOST_PORT:CONTAINER_PORT`.
 */
function publishedAddress(entry: NonNullable<ComposeService['ports']>[number]): string {
  if (typeof entry === 'object') return entry.host_ip ?? '0.0.0.0';
  const spec = String(entry).replace(/\/(tcp|udp)$/, '');
  const v6 = /^\[([^\]]+)\]:/.exec(spec);
  if (v6) return v6[1]!;
  const parts = spec.split(':');
  return parts.length === 3 ? parts[0]! : '0.0.0.0';
}

// Temporal's frontend has no TLS and no authorizer in this file (anyone who reaches 7233 starts
// workflows with hand-made input and reads every history), and the Web UI, Prometheus and the
// plain-HTTP intake have no TLS. docs/operating.md says how to publish them beyond the host.
describe('docker-compose.yml publishes nothing beyond the host', () => {
  it('every published port listens on 127.0.0.1 only', () => {
    const published = services.flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, port: String(typeof p === 'object' ? p.published : p), address: publishedAddress(p) })));
    expect(published.map((p) => p.name)).toEqual(expect.arrayContaining(['temporal', 'temporal-ui', 'intake', 'prometheus']));
    for (const p of published) expect(p, `${p.name} publishes ${p.port} on ${p.address}`).toMatchObject({ address: '127.0.0.1' });
  });

  it('no service shares the host\'s network (which would publish every port it listens on)', () => {
    expect(services.filter(([, s]) => s.network_mode === 'host').map(([name]) => name)).toEqual([]);
  });

  it('reads the address of each form of a ports entry', () => {
    expect(['7233:7233', '127.0.0.1:7233:7233', '0.0.0.0:80:8080', '[::1]:8233:8080', '8080/tcp', { target: 80, published: 8080 }, { host_ip: '127.0.0.1', target: 80 }].map(publishedAddress)).toEqual([
      '0.0.0.0',
      '127.0.0.1',
      '0.0.0.0',
      '::1',
      '0.0.0.0',
      '0.0.0.0',
      '127.0.0.1',
    ]);
  });
});
