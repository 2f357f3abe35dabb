import type { DeliveryResult } from '../../src/core/delivery/delivery-result.js';

/** Attempt codes after which the request may have reached the receiver without the sender knowing. */
const AMBIGUOUS = new Set(['WORKER_LOST', 'TIMEOUT', 'CONNECTION_RESET', 'NETWORK_ERROR']);

export interface ScenarioFacts {
  scenario: string;
  /** Every lead submitted, by delivery id. */
  deliveryIds: string[];
  /** Final results by delivery id; a lead without one has no final outcome. */
  results: Map<string, DeliveryResult>;
  /** Leads that must end delivered (default: all). */
  mustSucceed?: Set<string>;
  /** Times each lead (delivery id) was kept by the receiver. */
  keptByLead: Map<string, number>;
  /** Times each Idempotency-Key (a lead's delivery id, or a batch id) was kept. */
  keptByKey: Map<string, number>;
  /** Whether the scenario injects crashes between a send and its recording, or answers beyond the timeout. */
  duplicatesPossible: boolean;
  wallMs: number;
  notes?: string[];
  /** Problems the scenario found itself (e.g. a delivery that did not park). */
  problems?: string[];
}

export interface ScenarioRow {
  scenario: string;
  leads: number;
  delivered: number;
  lost: number;
  rawDuplicates: number;
  distinctKeys: number;
  wallMs: number;
  notes: string[];
  problems: string[];
}

const FINAL = new Set(['success', 'failure', 'error', 'skipped', 'cancelled']);

/**
 * Checks one scenario's receiver counts against the workflows' results (issue 9): one final
 * outcome per lead, every lead that should succeed received, distinct keys == delivered
 * leads, and each raw duplicate explained by an ambiguous attempt of the same key (a lost
 * worker or an answer beyond the timeout); none where the scenario has neither.
 */
export function checkScenario(facts: ScenarioFacts): ScenarioRow {
  const problems: string[] = [...(facts.problems ?? [])];
  const mustSucceed = facts.mustSucceed ?? new Set(facts.deliveryIds);
  let delivered = 0;
  let lost = 0;
  for (const id of facts.deliveryIds) {
    const result = facts.results.get(id);
    if (!result || !FINAL.has(result.outcome)) {
      problems.push(`${id} has no final outcome`);
      if (mustSucceed.has(id)) lost++;
      continue;
    }
    if (result.outcome === 'success') delivered++;
    const kept = facts.keptByLead.get(id) ?? 0;
    if (mustSucceed.has(id) && (result.outcome !== 'success' || kept === 0)) {
      lost++;
      problems.push(`${id} should have been delivered: outcome ${result.outcome} (${result.reason}), received ${kept} time(s)`);
    }
    if (result.outcome !== 'success' && kept > 0) problems.push(`${id} was received but ended ${result.outcome}: ${result.reason}`);
  }
  const distinctKeys = [...facts.keptByLead.values()].filter((n) => n > 0).length;
  if (distinctKeys !== delivered) problems.push(`${distinctKeys} distinct leads received, but ${delivered} delivered`);
  const stray = [...facts.keptByLead.keys()].filter((id) => !facts.results.has(id));
  if (stray.length) problems.push(`received leads that were never submitted: ${stray.slice(0, 3).join(', ')}`);

  // Raw duplicates per lead; each must be matched by an ambiguous attempt of the request that carried it.
  let rawDuplicates = 0;
  const causes = new Map<string, number>();
  const ambiguousByKey = new Map<string, number>();
  for (const result of facts.results.values()) {
    const key = result.batchId ?? result.deliveryId;
    if (ambiguousByKey.has(key)) continue;
    ambiguousByKey.set(key, result.attempts.filter((a) => a.errorCode && AMBIGUOUS.has(a.errorCode)).length);
    for (const a of result.attempts) if (a.errorCode && AMBIGUOUS.has(a.errorCode)) causes.set(a.errorCode, (causes.get(a.errorCode) ?? 0) + 1);
  }
  for (const [id, kept] of facts.keptByLead) {
    if (kept <= 1) continue;
    rawDuplicates += kept - 1;
    const key = facts.results.get(id)?.batchId ?? id;
    const keyKept = facts.keptByKey.get(key) ?? kept;
    const explained = ambiguousByKey.get(key) ?? 0;
    if (!facts.duplicatesPossible) problems.push(`${id} received ${kept} times in a scenario with no crash and no late answer`);
    else if (keyKept - 1 > explained) problems.push(`${id} received ${kept} times (key ${key} ${keyKept} times) but only ${explained} ambiguous attempt(s) explain it`);
  }
  const notes = [...(facts.notes ?? [])];
  if (causes.size) notes.push(`ambiguous attempts: ${[...causes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return { scenario: facts.scenario, leads: facts.deliveryIds.length, delivered, lost, rawDuplicates, distinctKeys, wallMs: facts.wallMs, notes, problems };
}

/** The issue's table, as Markdown (docs/reliability.md carries the full run's). */
export function formatTable(rows: ScenarioRow[]): string {
  const head = ['scenario', 'leads', 'delivered', 'lost', 'raw duplicates', 'distinct keys', 'wall time', 'notes'];
  const lines = rows.map((r) => [r.scenario, r.leads, r.delivered, r.lost, r.rawDuplicates, r.distinctKeys, `${(r.wallMs / 1000).toFixed(1)} s`, r.notes.join('; ')].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}
