import { spawn } from 'node:child_process';
import { access, chmod, constants, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { PROJECT_ROOT } from '../../src/temporal/project-root.js';

/**
 * Temporal's time-skipping test server, the one `TestWorkflowEnvironment.createTimeSkipping()`
 * would download from Temporal's site (blocked here): the Java SDK's `io.temporal:temporal-test-server`
 * from Maven Central, pinned. The TypeScript SDK's own default is the Java SDK's latest release.
 */
export const TEST_SERVER_ARTIFACT = 'io.temporal:temporal-test-server';
export const TEST_SERVER_VERSION = '1.38.0';

/** Where it is installed: one folder per version, so changing the pin installs afresh. */
export const TEST_SERVER_DIR = join(PROJECT_ROOT, '.tools', 'temporal-test-server', TEST_SERVER_VERSION);

/** The launcher: `temporal-test-server <port>`, as the SDK's `existing-path` executable is invoked. */
export const TEST_SERVER_LAUNCHER = join(TEST_SERVER_DIR, 'temporal-test-server');

/** The command that installs it, for messages. */
export const INSTALL_COMMAND = 'npm run test-server:install';

/** A pom whose only dependency is the test server, for `mvn dependency:copy-dependencies`. */
export function testServerPom(version: string = TEST_SERVER_VERSION): string {
  const [groupId, artifactId] = TEST_SERVER_ARTIFACT.split(':');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by ${INSTALL_COMMAND} (scripts/test-server/ensure-test-server.ts). -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>leadwire.tools</groupId>
  <artifactId>temporal-test-server-jars</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
`;
}

/**
 * The launcher script: `exec`, so the process the tests start and stop is the JVM itself.
 * Serial GC and the C1 compiler only: it starts faster and takes less of two busy cores.
 */
export function launcherScript(version: string = TEST_SERVER_VERSION): string {
  return `#!/bin/sh
# Temporal's time-skipping test server (${TEST_SERVER_ARTIFACT} ${version}), written by ${INSTALL_COMMAND}.
# Usage: temporal-test-server <port>
dir=$(cd "$(dirname "$0")" && pwd)
java=java
[ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ] && java="$JAVA_HOME/bin/java"
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
`;
}

function run(cmd: string, args: string[], log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const print = (d: Buffer) => {
      const text = stripVTControlCharacters(d.toString()).trimEnd();
      if (text.trim() !== '') log(text);
    };
    child.stdout.on('data', print);
    child.stderr.on('data', print);
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function isTestServerInstalled(launcher: string = TEST_SERVER_LAUNCHER): Promise<boolean> {
  try {
    await access(launcher, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the launcher of the test server, installing it first when it is not there: Maven
 * fetches the jars (from its local repository when it has them), then the launcher is written.
 * Installed into a folder of its own and renamed into place, so a half-done install is never
 * taken for a whole one. Throws, saying what is missing, when Java or Maven is not available.
 */
export async function ensureTestServer(log: (line: string) => void = () => {}): Promise<string> {
  if (await isTestServerInstalled()) return TEST_SERVER_LAUNCHER;
  const quiet = () => {};
  if ((await run('java', ['-version'], quiet)) !== 0) {
    throw new Error(`Java is needed to run Temporal's time-skipping test server and none was found on PATH. Install a JDK or JRE 11 or later (Debian: apt-get install default-jre-headless), then run ${INSTALL_COMMAND}.`);
  }
  if ((await run('mvn', ['-v'], quiet)) !== 0) {
    throw new Error(`Maven (mvn) is needed to fetch Temporal's time-skipping test server from Maven Central and none was found on PATH. Install it (Debian: apt-get install maven), then run ${INSTALL_COMMAND}.`);
  }
  log(`Installing ${TEST_SERVER_ARTIFACT} ${TEST_SERVER_VERSION} from Maven Central into ${TEST_SERVER_DIR} ...`);
  const staging = `${TEST_SERVER_DIR}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(join(staging, 'pom.xml'), testServerPom());
    const args = ['-B', '-q', '-f', join(staging, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(staging, 'lib')}`, '-DincludeScope=runtime'];
    const code = await run('mvn', args, log);
    if (code !== 0) throw new Error(`mvn ${args.join(' ')} exited with ${code} (its output is above). Check that Maven Central can be reached, then run ${INSTALL_COMMAND} again.`);
    await writeFile(join(staging, 'temporal-test-server'), launcherScript());
    await chmod(join(staging, 'temporal-test-server'), 0o755);
    // Another run may have finished first: its install is as good as this one.
    if (await isTestServerInstalled()) return TEST_SERVER_LAUNCHER;
    await rm(TEST_SERVER_DIR, { recursive: true, force: true });
    await rename(staging, TEST_SERVER_DIR);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return TEST_SERVER_LAUNCHER;
}
