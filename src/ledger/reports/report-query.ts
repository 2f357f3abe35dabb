import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { Ledger } from '../open-ledger.js';
import type { LedgerDatabase } from '../schema/ledger-database.js';
import { mergeReport, type CostLine, type OutcomeLine } from './merge-report.js';
import { REPORT_DIMENSIONS, type Report, type ReportDimension, type ReportQuery } from './report-types.js';

/** The grouping key of a delivery row for each dimension. */
const DELIVERY_KEY: Record<ReportDimension, RawBuilder<string>> = {
  buyer: sql<string>`coalesce(d.buyer, d.destination)`,
  destination: sql<string>`d.destination`,
  source: sql<string>`coalesce(d.source, 'unknown')`,
  day: sql<string>`to_char(d.intake_at at time zone 'UTC', 'YYYY-MM-DD')`,
};
const DISTRIBUTION_KEY: Partial<Record<ReportDimension, RawBuilder<string>>> = {
  source: sql<string>`coalesce(x.source, 'unknown')`,
  day: sql<string>`to_char(x.started_at at time zone 'UTC', 'YYYY-MM-DD')`,
};
/** A flow's pings are bids, not leads sold: reports leave them out. */
const NOT_A_PING = sql<SqlBool>`coalesce(d.flow_step, '') <> 'ping'`;

/**
 * Outcomes, money and speed to lead by buyer, destination, source or UTC day, for the leads that
 * arrived in [since, until): the one report the CLI, the intake API and the console show.
 * A buyer is a flow buyer, or the destination of a lead sent without a flow. A distribution's
 * cost is shared by the buyers that bought the lead; an unsold lead's cost appears in the
 * source and day reports only.
 */
export async function report(ledger: Ledger, query: ReportQuery): Promise<Report> {
  if (!REPORT_DIMENSIONS.includes(query.by)) throw new LeadwireError('USAGE', `A report is by ${REPORT_DIMENSIONS.join(', ')} (got "${query.by}").`);
  const since = new Date(query.since);
  const until = new Date(query.until);
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime()) || since >= until) {
    throw new LeadwireError('USAGE', 'A report needs --since before --until, both ISO 8601 times or dates (e.g. 2026-05-01).');
  }
  const [outcomes, costs] = await Promise.all([outcomeLines(ledger.db, query.by, since, until), costLines(ledger.db, query.by, since, until)]);
  return mergeReport({ by: query.by, since: since.toISOString(), until: until.toISOString(), currency: ledger.settings.currency }, outcomes, costs);
}

const isTotal = (key: Expression<string>) => sql<boolean>`grouping(${key}) = 1`;

async function outcomeLines(db: Kysely<LedgerDatabase>, by: ReportDimension, since: Date, until: Date): Promise<OutcomeLine[]> {
  const key = DELIVERY_KEY[by];
  const latency = sql`extract(epoch from (d.first_success_at - d.intake_at)) * 1000`;
  const rows = await db
    .selectFrom('deliveries as d')
    .select([
      key.as('key'),
      isTotal(key).as('total'),
      sql<number>`count(*) filter (where d.outcome = 'success')::int`.as('accepted'),
      sql<number>`count(*) filter (where d.outcome = 'failure' and not d.duplicate)::int`.as('rejected'),
      sql<number>`count(*) filter (where d.outcome = 'error' and not d.duplicate)::int`.as('errors'),
      sql<number>`count(*) filter (where d.duplicate)::int`.as('duplicates'),
      sql<number>`count(*) filter (where d.returned_at is not null)::int`.as('returned'),
      sql<number>`coalesce(sum(d.price) filter (where d.outcome = 'success'), 0)::float8`.as('gross'),
      sql<number>`coalesce(sum(d.credited), 0)::float8`.as('credited'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${latency}) filter (where d.first_success_at is not null)`.as('p50'),
      sql<number | null>`percentile_cont(0.95) within group (order by ${latency}) filter (where d.first_success_at is not null)`.as('p95'),
    ])
    .where('d.intake_at', '>=', since)
    .where('d.intake_at', '<', until)
    .where(NOT_A_PING)
    .groupBy(sql`grouping sets ((${key}), ())`)
    .execute();
  return rows.map((r) => ({ ...r, key: r.total ? undefined : r.key }));
}

async function costLines(db: Kysely<LedgerDatabase>, by: ReportDimension, since: Date, until: Date): Promise<CostLine[]> {
  const distributionKey = DISTRIBUTION_KEY[by];
  // Per lead: a delivery without a flow carries its lead's cost; a flow's lead cost is on its distribution (source, day)
  // or shared among the posts that sold it (buyer, destination).
  const deliveryUnits = db
    .selectFrom('deliveries as d')
    .select([DELIVERY_KEY[by].as('key'), 'd.lead_id', (distributionKey ? sql<number>`case when d.distribution_id is null then d.cost else 0 end` : sql<number>`d.cost`).as('cost')])
    .where('d.intake_at', '>=', since)
    .where('d.intake_at', '<', until)
    .where(NOT_A_PING);
  const units = distributionKey
    ? deliveryUnits.unionAll(
        db
          .selectFrom('distributions as x')
          .select([distributionKey.as('key'), 'x.lead_id', sql<number>`x.cost`.as('cost')])
          .where('x.started_at', '>=', since)
          .where('x.started_at', '<', until),
      )
    : deliveryUnits;
  const rows = await db
    .selectFrom(units.as('u'))
    .select([sql<string>`u.key`.as('key'), sql<boolean>`grouping(u.key) = 1`.as('total'), sql<number>`count(distinct u.lead_id)::int`.as('leads'), sql<number>`coalesce(sum(u.cost), 0)::float8`.as('cost')])
    .groupBy(sql`grouping sets ((u.key), ())`)
    .execute();
  return rows.map((r) => ({ ...r, key: r.total ? undefined : r.key }));
}
