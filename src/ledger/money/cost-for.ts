import type { Lead } from '../../core/lead/lead.js';
import { getPath } from '../../core/paths/get-path.js';
import type { LedgerSettings, SourceRule } from '../config/ledger-settings-schema.js';

/** Where a lead came from and what it cost. */
export interface LeadCost {
  /** The matching rule's name; else the intake API key's name; else `unknown`. */
  source: string;
  cost: number;
  currency: string;
}

/** A lead value equals a rule's value when their text matches, trimmed and case-insensitively (`"90210"` equals `90210`). */
function same(value: unknown, expected: string | number | boolean): boolean {
  if (value === undefined || value === null || typeof value === 'object') return false;
  return String(value).trim().toLowerCase() === String(expected).trim().toLowerCase();
}

/** Whether a lead (that arrived with the API key named `sourceKey`) belongs to this source. */
export function matchesSource(rule: SourceRule, lead: Lead, sourceKey: string | undefined): boolean {
  if (rule.api_key !== undefined && rule.api_key !== sourceKey) return false;
  if (rule.field === undefined) return true;
  const value = getPath(lead, rule.field);
  if (rule.equals !== undefined) return same(value, rule.equals);
  return (rule.in ?? []).some((candidate) => same(value, candidate));
}

/**
 * The source and cost of a lead: the first `sources` rule it matches, else `default_cost`
 * under the API key's name. `sourceKey` is the name of the intake API key the lead came with.
 */
export function costFor(lead: Lead, sourceKey: string | undefined, settings: Pick<LedgerSettings, 'sources' | 'default_cost' | 'currency'>): LeadCost {
  const rule = settings.sources.find((r) => matchesSource(r, lead, sourceKey));
  return rule
    ? { source: rule.name, cost: rule.cost, currency: settings.currency }
    : { source: sourceKey ?? 'unknown', cost: settings.default_cost, currency: settings.currency };
}

/** Margin of an amount of revenue over a cost, to 4 decimals (the ledger's precision). */
export const margin = (revenue: number, cost: number): number => roundMoney(revenue - cost);

export const roundMoney = (amount: number): number => Math.round(amount * 10_000) / 10_000;
