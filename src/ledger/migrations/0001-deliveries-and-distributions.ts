import { sql, type Kysely, type Migration } from 'kysely';

/** Deliveries, distributions with their buyers, and operator actions; the indexes the reports and the console's lists use. */
export const migration0001: Migration = {
  async up(db: Kysely<any>) {
    await createDeliveries(db);
    await indexDeliveries(db);
    await createDistributions(db);
    await indexDistributions(db);
    await createDistributionBuyers(db);
    await createOperatorActions(db);
  },
};

/** One row per delivery: its outcome, attempts, price and times, and the workflow, flow step or batch it belongs to. */
async function createDeliveries(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('delivery_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('key_hashes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('lead_fields', 'jsonb')
    .addColumn('sealed_fields', 'bytea')
    .addColumn('sealed_key_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error_code', 'text')
    .addColumn('duplicate', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('http_status', 'integer')
    .addColumn('price', 'numeric(14, 4)')
    .addColumn('reference', 'text')
    .addColumn('intake_at', 'timestamptz', (c) => c.notNull())
    .addColumn('first_success_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('parked_since', 'timestamptz')
    .addColumn('operator_actions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('flow_step', 'text')
    .addColumn('distribution_id', 'text')
    .addColumn('buyer', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** The indexes the console's delivery list and the reports use. */
async function indexDeliveries(db: Kysely<any>): Promise<void> {
  // The console pages deliveries newest first, filtered by one of these (issue 25); reports range over intake_at.
  await db.schema.createIndex('deliveries_intake_at').on('deliveries').columns(['intake_at', 'delivery_id']).execute();
  await db.schema.createIndex('deliveries_outcome').on('deliveries').columns(['outcome', 'intake_at']).execute();
  await db.schema.createIndex('deliveries_destination').on('deliveries').columns(['destination', 'intake_at']).execute();
  await db.schema.createIndex('deliveries_buyer').on('deliveries').columns(['buyer', 'intake_at']).execute();
  await db.schema.createIndex('deliveries_lead_id').on('deliveries').column('lead_id').execute();
  await db.schema.createIndex('deliveries_distribution_id').on('deliveries').column('distribution_id').execute();
  await db.schema.createIndex('deliveries_key_hashes').on('deliveries').using('gin').column('key_hashes').execute();
}

/** One row per distribution of a lead to a flow's buyers. */
async function createDistributions(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('distributions')
    .addColumn('distribution_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('strategy', 'text', (c) => c.notNull())
    .addColumn('sale', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('key_hashes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('winner', 'text')
    .addColumn('sold_to', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('sale_price', 'numeric(14, 4)')
    .addColumn('total_price', 'numeric(14, 4)')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/** The indexes the console's distribution list and the lead-id search use. */
async function indexDistributions(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('distributions_started_at').on('distributions').columns(['started_at', 'distribution_id']).execute();
  await db.schema.createIndex('distributions_lead_id').on('distributions').column('lead_id').execute();
  await db.schema.createIndex('distributions_key_hashes').on('distributions').using('gin').column('key_hashes').execute();
}

/** Each buyer's part in a distribution (its ping, bid and post), and the index by buyer. */
async function createDistributionBuyers(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('distribution_buyers')
    .addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.distribution_id').onDelete('cascade'))
    .addColumn('buyer', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('eligible', 'boolean', (c) => c.notNull())
    .addColumn('skipped', 'text')
    .addColumn('bid_price', 'numeric(14, 4)')
    .addColumn('ping_outcome', 'text')
    .addColumn('post_delivery_id', 'text')
    .addColumn('post_outcome', 'text')
    .addColumn('post_reason', 'text')
    .addColumn('post_status', 'integer')
    .addColumn('price', 'numeric(14, 4)')
    .addColumn('sold', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('distribution_buyers_pkey', ['distribution_id', 'buyer'])
    .execute();
  await db.schema.createIndex('distribution_buyers_buyer').on('distribution_buyers').columns(['buyer', 'sold']).execute();
}

/** Each operator action on a delivery: when, what, who asked and why, recorded once. */
async function createOperatorActions(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operator_actions')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('reason', 'text')
    .addUniqueConstraint('operator_actions_once', ['delivery_id', 'at', 'action'])
    .execute();
}
