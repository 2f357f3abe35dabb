import type { DestinationInput } from '../../src/config/destination-schema.js';
import type { HistoryRecorder } from './history-recorder.js';
import type { RecordingStack } from './recording-stack.js';

export interface ScenarioContext {
  stack: RecordingStack;
  recorder: HistoryRecorder;
  log: (line: string) => void;
}

/** A destination on the recording's receiver: `path` says how the receiver answers (see src/receiver). */
export function receiverDestination(receiverUrl: string, name: string, path: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return {
    name: `Replay ${name}`,
    url: `${receiverUrl}${path}`,
    allow_insecure_http: true,
    timeout: 5000,
    body: { format: 'json', mapping: { email: 'email', phone: 'phone' } },
    retry: { max_attempts: 3, delay: 50 },
    ...extra,
  };
}

/** A lead with an id of its own and only example.com data. */
export const replayLead = (id: string, extra: Record<string, unknown> = {}) => ({ id, email: `${id}@example.com`, phone: '555-0100', zip: '30301', score: 80, ...extra });
