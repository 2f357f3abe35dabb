import { createRequire } from 'node:module';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

// The same conversion as @temporalio/common's historyToJSON / historyFromJSON (proto3 JSON, the
// form `temporal workflow show --output json` writes), but through the protobufjs copy that
// @temporalio/proto's types belong to. In this install @temporalio/common and @temporalio/proto
// each carry their own protobufjs 8, so the SDK's helpers fail with "type must be a Type".
const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const proto = fromProto('@temporalio/proto') as typeof import('@temporalio/proto');
const { patchProtobufRoot } = fromProto('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot<T>(root: T): T & { lookupType(name: string): unknown } };
const { toJson, fromJson } = fromProto('protobufjs/ext/protojson') as ProtoJson;
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');

/** A fetched history as proto3 JSON text (pretty-printed, one space: diffs stay readable, files stay small). */
export function historyToJson(history: History): string {
  return `${JSON.stringify(toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 1)}\n`;
}

/** A history read back from its proto3 JSON, ready for Worker.runReplayHistories. */
export function historyFromJson(json: unknown): temporal.api.history.v1.History {
  const loaded = fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!loaded) throw new TypeError('Not a Temporal history in proto3 JSON');
  return loaded as temporal.api.history.v1.History;
}
