import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyFromJson } from '../../../replay/history-json.js';
import { committedHistories, HISTORIES_DIR, releaseFolders } from '../../../replay/replay-histories.js';

/** The stored message kinds a history holds, by the upgrade function that reads each. */
export type MessageKind =
  | 'deliverLeadInput'
  | 'deliverBatchInput'
  | 'batcherInput'
  | 'distributeLeadInput'
  | 'buyerCapsInput'
  | 'retryRequest'
  | 'giveUpRequest'
  | 'addLeadsRequest'
  | 'reserveCapRequest'
  | 'settleCapRequest'
  | 'sendInput'
  | 'sendBatchInput'
  | 'capCall'
  | 'capCheck';

export interface RecordedMessage {
  kind: MessageKind;
  /** `<release>/<file>#<event id>`, for failure messages. */
  where: string;
  value: unknown;
}

const INPUT_OF: Record<string, MessageKind> = {
  deliverLead: 'deliverLeadInput',
  deliverBatch: 'deliverBatchInput',
  leadBatcher: 'batcherInput',
  distributeLead: 'distributeLeadInput',
  buyerCaps: 'buyerCapsInput',
};
const MESSAGE_OF: Record<string, MessageKind> = {
  retry: 'retryRequest',
  giveUp: 'giveUpRequest',
  addLeads: 'addLeadsRequest',
  reserve: 'reserveCapRequest',
  confirm: 'settleCapRequest',
  release: 'settleCapRequest',
};
const ACTIVITY_INPUT_OF: Record<string, MessageKind> = {
  sendLead: 'sendInput',
  sendBatch: 'sendBatchInput',
  reserveCap: 'capCall',
  confirmCap: 'capCall',
  releaseCap: 'capCall',
  capHasRoom: 'capCheck',
};

type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

/** The first argument a payload list holds (leadwire's messages are single arguments), as JSON. */
function firstArgument(payloads: Payloads): unknown {
  const payload = payloads?.payloads?.[0];
  if (!payload?.data) return undefined;
  const encoding = new TextDecoder().decode(payload.metadata?.encoding ?? new Uint8Array());
  if (encoding !== 'json/plain') throw new Error(`unexpected payload encoding ${encoding}`);
  return JSON.parse(new TextDecoder().decode(payload.data));
}

/** Every stored message of one event, with its kind (none for events that hold no message). */
function messagesOf(event: temporal.api.history.v1.IHistoryEvent): { kind: MessageKind; payloads: Payloads }[] {
  const started = event.workflowExecutionStartedEventAttributes;
  if (started) return [{ kind: INPUT_OF[started.workflowType?.name ?? '']!, payloads: started.input }];
  const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
  if (child) return [{ kind: INPUT_OF[child.workflowType?.name ?? '']!, payloads: child.input }];
  const continued = event.workflowExecutionContinuedAsNewEventAttributes;
  if (continued) return [{ kind: INPUT_OF[continued.workflowType?.name ?? '']!, payloads: continued.input }];
  const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
  if (update) return [{ kind: MESSAGE_OF[update.name ?? '']!, payloads: update.args }];
  const signal = event.workflowExecutionSignaledEventAttributes;
  if (signal) return [{ kind: MESSAGE_OF[signal.signalName ?? '']!, payloads: signal.input }];
  const activity = event.activityTaskScheduledEventAttributes;
  if (activity) return [{ kind: ACTIVITY_INPUT_OF[activity.activityType?.name ?? '']!, payloads: activity.input }];
  return [];
}

/** Every workflow input, update and signal argument and activity input the committed histories of `releases` hold. */
export async function recordedMessages(releases?: string[]): Promise<RecordedMessage[]> {
  const out: RecordedMessage[] = [];
  for (const release of releases ?? (await releaseFolders())) {
    for (const h of await committedHistories(release)) {
      const history = historyFromJson(JSON.parse(readFileSync(join(HISTORIES_DIR, release, h.file), 'utf8')));
      for (const event of history.events ?? []) {
        for (const { kind, payloads } of messagesOf(event)) {
          const where = `${release}/${h.file}#${String(event.eventId)}`;
          if (!kind) throw new Error(`${where}: a message of a kind the contract does not know`);
          out.push({ kind, where, value: firstArgument(payloads) });
        }
      }
    }
  }
  return out;
}

/** The releases recorded before the contract had versions: their messages are all version 1. */
export const VERSION_1_RELEASES = ['0.1.0-7900274', '0.1.0-7900274-failure-paths'];
