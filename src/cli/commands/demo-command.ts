import type { Command } from 'commander';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('npm start: dev server, worker and test receiver, then deliver the example leads and print their outcomes')
    .option('--exit', 'stop when the deliveries are done (default when not on a terminal)')
    .action(async (opts: { exit?: boolean }) => (await import('../run-demo.js')).runDemo(opts));
}
