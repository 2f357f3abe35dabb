import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check destination files and list every problem by path, with the line and column')
    .argument('<destination...>', 'destination files (.yaml, .yml or .json)')
    .action(async (files: string[]) => {
      const [{ loadDestinationFile }, { ConfigError }, { redactUrl }, { referencedSecrets }, { formatConfigIssues }, { destinationWarnings }] = await Promise.all([
        import('../../config/load-destination.js'),
        import('../../core/errors/config-error.js'),
        import('../../core/redact/redact-url.js'),
        import('../../core/secrets/referenced-secrets.js'),
        import('../format-config-issues.js'),
        import('../../config/destination-warnings.js'),
      ]);
      for (const file of files) {
        try {
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
      if (process.exitCode === 2) console.error('Fix the listed fields and run `leadwire validate` again (schema/destination.schema.json gives editors autocompletion).');
    });
}
