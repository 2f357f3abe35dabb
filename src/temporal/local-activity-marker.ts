/** The marker Temporal's SDK core records for each local activity's result. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The parts of a MarkerRecorded event's attributes this reads (temporal.api.history.v1.IMarkerRecordedEventAttributes). */
export interface MarkerLike {
  markerName?: string | null;
  details?: Record<string, { payloads?: ({ data?: Uint8Array | null } | null)[] | null } | null> | null;
  failure?: unknown;
}

/**
 * The activity type of a local activity's marker (core writes its `data` detail as plain JSON,
 * never through the data converter or codec), or undefined for any other marker. A local
 * activity runs inside a workflow task: the worker that ran it is the one that completed the
 * task the marker's `workflowTaskCompletedEventId` points to.
 */
function localActivityType(marker: MarkerLike | null | undefined): string | undefined {
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(data)) as { activity_type?: string; activityType?: string };
    return parsed.activity_type ?? parsed.activityType;
  } catch {
    return undefined;
  }
}

/** Whether a marker records a local activity of this type that completed (no failure). */
export function isCompletedLocalActivity(marker: MarkerLike | null | undefined, type: string): boolean {
  return localActivityType(marker) === type && !marker?.failure;
}
