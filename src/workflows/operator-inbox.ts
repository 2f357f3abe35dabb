import { condition, isCancellation, log, setHandler } from '@temporalio/workflow';
import { upgrade } from '../contract/upgrade/upgrade.js';
import type { LoopStatus } from '../shared/loop-status.js';
import { giveUpSignal, handlerDescriptions, retrySignal } from '../shared/messages.js';
import { retryToTake, type OperatorCommand as Command } from './operator-updates.js';

/**
 * The operator's latest command (`retry` or `giveUp`) for the attempt loop, taken from the
 * signals (and, through `take`, the updates) while the delivery is not done.
 */
export class OperatorInbox {
  private command: Command | undefined;

  constructor(private readonly status: LoopStatus) {}

  /** Keeps `command` as the one to act on next. */
  take(command: Command): void {
    this.command = command;
  }

  /** Waits for an operator's command, at most `ms`; the timer carries `summary` for the Web UI. */
  async awaitCommand(ms: number, summary: string): Promise<Command | undefined> {
    if (!this.command) await condition(() => this.command !== undefined, Math.max(1, ms), { summary });
    const taken = this.command;
    this.command = undefined;
    return taken;
  }

  /** Installs the `retry` and `giveUp` signal handlers that fill this inbox. */
  installSignals(): void {
    const status = this.status;
    setHandler(
      retrySignal,
      (raw) => {
        if (status.state === 'done') return undefined;
        const taken = retryToTake(raw);
        if ('now' in taken) {
          this.take({ kind: 'retry', request: taken.now });
          return undefined;
        }
        // A signal has no answer: an invalid corrected destination is logged and not taken, the delivery stays as it was.
        return taken.checked.then(
          (request) => {
            if (status.state !== 'done') this.take({ kind: 'retry', request });
          },
          (err: unknown) => {
            if (!isCancellation(err)) log.warn('retry signal refused: its corrected destination is not valid; nothing was taken', { error: (err as Error).message });
          },
        );
      },
      { description: handlerDescriptions.retry },
    );
    setHandler(
      giveUpSignal,
      (request) => {
        if (status.state !== 'done') this.take({ kind: 'give-up', request: upgrade.giveUpRequest(request) });
      },
      { description: handlerDescriptions.giveUp },
    );
  }
}
