/**
 * The Temporal Web UI address for a frontend address: `TEMPORAL_UI_URL` when set, else the
 * dev server's convention (gRPC port + 1000 on the same host), e.g. 127.0.0.1:7233 -> http://127.0.0.1:8233.
 */
export function webUiBase(address: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.TEMPORAL_UI_URL) return env.TEMPORAL_UI_URL.replace(/\/+$/, '');
  const match = /^(?:\[?([^\]]+)\]?|([^:]+)):(\d+)$/.exec(address);
  if (!match) return undefined;
  const host = match[1] ?? match[2];
  return `http://${host}:${Number(match[3]) + 1000}`;
}

/** A Web UI link listing the workflows a visibility query matches. */
export function workflowsLink(base: string, namespace: string, query: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${encodeURIComponent(query)}`;
}
