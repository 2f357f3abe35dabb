import type { Command } from 'commander';

/** Adds --address, --namespace and --task-queue to a command that talks to Temporal. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--address <host:port>', 'Temporal frontend address (default: TEMPORAL_ADDRESS or localhost:7233)')
    .option('--namespace <name>', 'Temporal namespace (default: TEMPORAL_NAMESPACE or default)')
    .option('--task-queue <name>', 'task queue of the leadwire workers', 'leadwire');
}

export interface ConnectionFlags {
  address?: string;
  namespace?: string;
  taskQueue: string;
}
