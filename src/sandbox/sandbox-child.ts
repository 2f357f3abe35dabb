/**
 * The sandbox process: runs one evaluation at a time for the worker that forked it, and
 * nothing else. It holds no connections and no environment of the worker's; when the worker
 * goes away (the IPC channel closes) it exits. See src/sandbox/sandbox-pool.ts.
 */
import { sandboxOperations } from './sandbox-operations.js';
import { toErrorData, type SandboxReply, type SandboxRequest } from './sandbox-protocol.js';
import { warmUp } from './sandbox-warm-up.js';

const send = (message: SandboxReply | { ready: true }) => process.send?.(message);

// Ctrl-C reaches the whole process group: the worker decides when its sandbox stops.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('disconnect', () => process.exit(0));

process.on('message', (message: SandboxRequest) => {
  const operation = sandboxOperations[message.op] as (args: unknown) => unknown;
  Promise.resolve()
    .then(() => operation(message.args))
    .then(
      (value) => send({ id: message.id, ok: true, value }),
      (err: unknown) => send({ id: message.id, ok: false, error: toErrorData(err) }),
    );
});

// Ready once warm: a replacement process answers its first evaluation at full speed.
void warmUp().then(() => send({ ready: true }));
