import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from '../../../../scripts/cluster/postgres.js';
import { inClusterDir, postgresHomeFor, postgresPaths, type PostgresPaths } from '../../../../scripts/cluster/postgres-paths.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'leadwire-pg-paths-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('where the cluster’s PostgreSQL keeps its files', () => {
  it('as an ordinary user, in the cluster folder (the user can reach its own checkout)', () => {
    const clusterDir = join(scratch, 'a', '.leadwire', 'cluster');
    expect(postgresPaths(undefined, { root: false, clusterDir })).toEqual({ dataDir: join(clusterDir, 'postgres'), logFile: join(clusterDir, 'logs', 'postgres.log') });
  });

  it('as root, in a folder of its own outside the checkout, one per cluster folder, so the postgres user never needs to reach the checkout', () => {
    const homesDir = join(scratch, 'homes');
    const first = postgresPaths(undefined, { root: true, clusterDir: '/root/work/leadwire/.leadwire/cluster', homesDir });
    const second = postgresPaths(undefined, { root: true, clusterDir: '/tmp/tmp.x/leadwire/.leadwire/cluster', homesDir });
    expect(first.home).toMatch(new RegExp(`^${homesDir}/[A-Za-z0-9._-]+-[0-9a-f]{16}$`));
    expect(first).toEqual({ dataDir: join(first.home!, 'data'), logFile: join(first.home!, 'postgres.log'), home: first.home });
    expect(second.home).not.toBe(first.home);
    // The same cluster folder always maps to the same place, so `down --purge` finds it without state.json.
    expect(postgresHomeFor('/root/work/leadwire/.leadwire/cluster', homesDir)).toBe(first.home);
  });

  it('keeps a database made in the cluster folder where it is, as root too', async () => {
    const clusterDir = join(scratch, 'old', '.leadwire', 'cluster');
    await mkdir(inClusterDir(clusterDir).dataDir, { recursive: true });
    await writeFile(join(inClusterDir(clusterDir).dataDir, 'PG_VERSION'), '15\n');
    expect(postgresPaths(undefined, { root: true, clusterDir })).toEqual(inClusterDir(clusterDir));
  });

  it('is what state.json recorded, whoever asks', () => {
    const recorded: PostgresPaths = { dataDir: '/var/lib/x/data', logFile: '/var/lib/x/postgres.log', home: '/var/lib/x' };
    expect(postgresPaths(recorded, { root: false })).toBe(recorded);
  });
});

describe('finding PostgreSQL’s initdb and pg_ctl', () => {
  const install = async (name: string) => {
    const bin = join(scratch, name, 'bin');
    await mkdir(bin, { recursive: true });
    for (const tool of ['initdb', 'pg_ctl']) await writeFile(join(bin, tool), '#!/bin/sh\n', { mode: 0o755 });
    return bin;
  };
  it('follows an initdb on PATH to the folder it links to, for PostgreSQL installed outside Debian’s folders', async () => {
    const real = await install('pg-somewhere');
    const onPath = join(scratch, 'path-bin');
    await mkdir(onPath, { recursive: true });
    await symlink(join(real, 'initdb'), join(onPath, 'initdb'));
    expect(await findPostgresBinDir({ PATH: `${join(scratch, 'empty')}:${onPath}` }, join(scratch, 'no-debian'))).toBe(real);
  });

  it('takes LEADWIRE_POSTGRES_BIN_DIR first, and names it when it holds no PostgreSQL', async () => {
    const chosen = await install('pg-chosen');
    expect(await findPostgresBinDir({ LEADWIRE_POSTGRES_BIN_DIR: chosen, PATH: '' })).toBe(chosen);
    await expect(findPostgresBinDir({ LEADWIRE_POSTGRES_BIN_DIR: join(scratch, 'nothing'), PATH: '' })).rejects.toThrow(/LEADWIRE_POSTGRES_BIN_DIR is .*nothing, which has no initdb and pg_ctl/);
  });

  it('prefers Debian’s newest major version', async () => {
    const debian = join(scratch, 'debian');
    for (const major of ['13', '16', '9']) {
      await mkdir(join(debian, major, 'bin'), { recursive: true });
      for (const tool of ['initdb', 'pg_ctl']) await writeFile(join(debian, major, 'bin', tool), '', { mode: 0o755 });
    }
    expect(await findPostgresBinDir({ PATH: '' }, debian)).toBe(join(debian, '16', 'bin'));
  });
});
