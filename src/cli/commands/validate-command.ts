import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check destination and flow files and list every problem by path, with the line and column')
    .argument('<destination...>', 'destination or flow files (.yaml, .yml or .json)')
    .action(async (files: string[]) => {
      const [{ loadDestinationFile }, { ConfigError }, { redactUrl }, { referencedSecrets }, { formatConfigIssues }, { destinationWarnings }] = await Promise.all([
        import('../../config/load-destination.js'),
        import('../../core/errors/config-error.js'),
        import('../../core/redact/redact-url.js'),
        import('../../core/secrets/referenced-secrets.js'),
        import('../format-config-issues.js'),
        import('../../config/destination-warnings.js'),
      ]);
      const [{ isFlowFile }, { loadFlowFile }] = await Promise.all([import('../flow-preview.js'), import('../../config/load-flow.js')]);
      for (const file of files) {
        try {
          if (await isFlowFile(file)) {
            const flow = await loadFlowFile(file);
            console.log(`✔ ${file}: flow ${flow.name} (${flow.strategy}, ${flow.sale}) with ${flow.buyers.length} buyer${flow.buyers.length === 1 ? '' : 's'}`);
            for (const b of flow.buyers) {
              const caps = b.caps ? ` caps ${(['per_hour', 'per_day', 'per_month'] as const).filter((k) => b.caps![k] !== undefined).map((k) => `${b.caps![k]} ${k}`).join(', ')} (${b.caps.time_zone})` : '';
              console.log(`  ${b.name}: ${b.ping ? `ping ${redactUrl(b.ping.url)}, ` : ''}post ${b.destination.method} ${redactUrl(b.destination.url)}${caps}`);
            }
            continue;
          }
          const destination = await loadDestinationFile(file);
          console.log(`✔ ${file}: ${destination.name} -> ${destination.method} ${redactUrl(destination.url)}`);
          // Names only: what the worker must grant this destination (LEADWIRE_SECRET_* or LEADWIRE_SECRETS_FILE).
          const secrets = referencedSecrets(destination);
          if (secrets.request.length || secrets.tokenUrl.length) {
            const parts = [...(secrets.request.length ? [secrets.request.join(', ')] : []), ...(secrets.tokenUrl.length ? [`${secrets.tokenUrl.join(', ')} (sent to the token_url)`] : [])];
            console.log(`  secrets: ${parts.join('; ')}`);
          }
          if (destination.validate_ssl === false) console.log(`  ⚠ warning: validate_ssl: false: the TLS certificate is not checked (development only; configure tls.ca instead)`);
          if (destination.allow_insecure_http) console.log(`  ⚠ warning: allow_insecure_http: true: leads and credentials may travel unencrypted (local development only)`);
          for (const w of destinationWarnings(destination)) console.log(`  ⚠ warning: ${w.path}: ${w.message}`);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          console.error(formatConfigIssues(err, file, await readFile(file, 'utf8')));
          process.exitCode = 2;
        }
      }
      if (process.exitCode === 2) console.error('Fix the listed fields and run `leadwire validate` again (schema/destination.schema.json and schema/flow.schema.json give editors autocompletion).');
    });
}
