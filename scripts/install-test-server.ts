// Makes sure Temporal's time-skipping test server (for the workflow unit tests) is installed in .tools/temporal-test-server.
import { ensureTestServer } from './test-server/ensure-test-server.js';

try {
  const launcher = await ensureTestServer((line) => console.log(line));
  console.log(`Temporal test server: ${launcher}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
