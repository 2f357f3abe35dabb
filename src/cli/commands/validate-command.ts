import type { Command } from 'commander';
import { loadDestinationFile } from '../../config/load-destination.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check destination files and list every problem by path')
    .argument('<destination...>', 'destination files (.yaml, .yml or .json)')
    .action(async (files: string[]) => {
      for (const file of files) {
        const destination = await loadDestinationFile(file);
        console.log(`✔ ${file}: ${destination.name} -> ${destination.method} ${destination.url}`);
      }
    });
}
