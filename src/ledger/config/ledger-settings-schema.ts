import { z } from 'zod';
import { leadPath } from '../../config/lead-path.js';
import { milliseconds } from '../../config/units.js';

const money = z.number({ error: 'expected an amount such as 2.5' }).min(0, { error: 'expected an amount of 0 or more' });
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
const name = z.string({ error: 'expected a name' }).trim().min(1, { error: 'expected a name' }).max(200);

/**
 * A source: where leads come from, and what one costs. A lead belongs to the first rule it
 * matches: `api_key` is the name of the intake API key it arrived with; `field` with `equals`
 * (or `in`) compares a lead field (strings compared case-insensitively).
 */
export const SourceRuleSchema = z
  .strictObject({
    /** The source's name, as reports show it. */
    name,
    api_key: name.optional(),
    field: leadPath.optional(),
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    /** What one lead from this source costs, in the ledger's currency. */
    cost: money,
  })
  .superRefine((rule, ctx) => {
    if (rule.api_key === undefined && rule.field === undefined) ctx.addIssue({ code: 'custom', message: 'expected `api_key`, or `field` with `equals` or `in`: what makes a lead part of this source' });
    if (rule.field !== undefined && (rule.equals === undefined) === (rule.in === undefined)) ctx.addIssue({ code: 'custom', path: ['field'], message: 'expected exactly one of `equals` or `in` with `field`' });
    if (rule.field === undefined && (rule.equals !== undefined || rule.in !== undefined)) ctx.addIssue({ code: 'custom', path: ['field'], message: '`equals` and `in` compare a lead field: add `field`' });
  });

/** How a buyer (a flow buyer's name, or a destination's name) takes returns. */
export const ReturnPolicySchema = z.strictObject({
  /** How long after the sale (the first accepted response) a return is accepted, in milliseconds. */
  window: milliseconds().min(1, { error: 'expected a window of at least 1 millisecond' }),
  /** Reason codes the buyer may give (default: any). */
  reasons: z.array(name).min(1).optional(),
});

/**
 * The ledger's settings file (`LEADWIRE_LEDGER_CONFIG`, YAML or JSON). Every key is optional.
 * `return_window` lives here, keyed by buyer, rather than in the flow and destination schemas,
 * which are being turned into a stored contract (issue 22).
 */
export const LedgerSettingsSchema = z.strictObject({
  /** ISO 4217 code every amount is in (one currency per ledger). */
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 currency code such as USD' }).default('USD'),
  /** Lead fields kept in the ledger (encrypted with LEADWIRE_CODEC_KEYS when set). Default: none, only the lead id. */
  lead_fields: z.array(leadPath).default([]),
  /** Lead fields kept only as keyed hashes (HMAC-SHA256 with LEADWIRE_LEDGER_KEY), so a person's rows can be found and erased. */
  lead_keys: z.array(leadPath).default(['email', 'phone']),
  /** Rows older than this many days are deleted by `pruneLedger`; default: kept. */
  retention_days: z.number().int().min(1, { error: 'expected at least 1 day' }).optional(),
  sources: z.array(SourceRuleSchema).default([]),
  /** What a lead that matches no source costs. */
  default_cost: money.default(0),
  /** Returns each buyer accepts, by buyer name; a buyer not listed takes none. */
  returns: z.record(name, ReturnPolicySchema).default({}),
});

export type LedgerSettings = z.output<typeof LedgerSettingsSchema>;
export type SourceRule = z.output<typeof SourceRuleSchema>;
export type ReturnPolicy = z.output<typeof ReturnPolicySchema>;

export const DEFAULT_LEDGER_SETTINGS: LedgerSettings = LedgerSettingsSchema.parse({});
