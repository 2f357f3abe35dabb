import type { LeadwireClient } from '../../client/leadwire-client.js';
import { ConfigError } from '../../core/errors/config-error.js';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { ActionAnswer, ConsoleActions } from './console-actions.js';

/** At most this many deliveries in one bulk action (the list pages by 50; a bulk acts on what was selected). */
const BULK_LIMIT = 500;

/** The console's actions through a leadwire client's validated operator updates. */
export function clientActions(client: LeadwireClient, options: { allowRetryConfig?: boolean } = {}): ConsoleActions {
  const allowRetryConfig = options.allowRetryConfig ?? false;
  const answer = async (deliveryId: string, act: () => Promise<string>): Promise<ActionAnswer> => {
    try {
      return { deliveryId, ok: true, message: await act() };
    } catch (err) {
      return refused(deliveryId, err);
    }
  };
  const actions: ConsoleActions = {
    allowRetryConfig,
    retry: (id, by) => answer(id, async () => (await client.retry(id, { requestedBy: by })).message),
    retryWithDestination: (id, destination, by) =>
      allowRetryConfig
        ? answer(id, async () => (await client.retry(id, { destination, requestedBy: by })).message)
        : Promise.resolve({
            deliveryId: id,
            ok: false,
            message: 'This server does not take a corrected destination with a retry (start it with `leadwire serve --allow-retry-config`), or use `leadwire retry <id> --config <file>`.',
          }),
    giveUp: (id, reason, by) => answer(id, async () => (await client.abandon(id, reason, { requestedBy: by })).message),
    cancel: (id) =>
      answer(id, async () => {
        await client.cancel(id);
        return 'Cancellation requested: the delivery ends as cancelled, its attempts kept.';
      }),
    async bulk(action, ids, { reason, by }) {
      const out: ActionAnswer[] = [];
      for (const id of ids.slice(0, BULK_LIMIT)) out.push(action === 'retry' ? await actions.retry(id, by) : await actions.giveUp(id, reason ?? '', by));
      return out;
    },
  };
  return actions;
}

/** A refused action as words: leadwire's own errors say what happened and what to do; anything else is not shown raw. */
function refused(deliveryId: string, err: unknown): ActionAnswer {
  if (err instanceof ConfigError) return { deliveryId, ok: false, message: err.message, issues: err.issues.map((i) => ({ path: i.path, message: i.message })) };
  if (err instanceof LeadwireError) return { deliveryId, ok: false, message: err.message };
  return { deliveryId, ok: false, message: `The action could not be sent (${(err as Error).name}). Try again; see the server log.` };
}
