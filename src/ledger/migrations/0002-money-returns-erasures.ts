import { sql, type Kysely, type Migration } from 'kysely';

/** Source, cost and currency on every record; returns with their credits; the erasure audit. */
export const migration0002: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('deliveries')
      .addColumn('source', 'text')
      .addColumn('cost', 'numeric(14, 4)')
      .addColumn('currency', 'text')
      .addColumn('returned_at', 'timestamptz')
      .addColumn('credited', 'numeric(14, 4)')
      // A sold flow post's price and cost come from its distribution (the winner pays its bid; the lead's cost is shared).
      .addColumn('distribution_money', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await db.schema.createIndex('deliveries_source').on('deliveries').columns(['source', 'intake_at']).execute();
    await db.schema.alterTable('distributions').addColumn('source', 'text').addColumn('cost', 'numeric(14, 4)').addColumn('currency', 'text').addColumn('credited', 'numeric(14, 4)').execute();

    await db.schema
      .createTable('returns')
      .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      // One return per sale: a buyer sends a lead back once.
      .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
      .addColumn('distribution_id', 'text')
      .addColumn('lead_id', 'text', (c) => c.notNull())
      .addColumn('buyer', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('credited', 'numeric(14, 4)', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('returned_at', 'timestamptz', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('returns_lead_id').on('returns').column('lead_id').execute();

    await db.schema
      .createTable('erasures')
      .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('subject_hash', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text')
      .addColumn('erased_at', 'timestamptz', (c) => c.notNull())
      .addColumn('deliveries', 'integer', (c) => c.notNull())
      .addColumn('distributions', 'integer', (c) => c.notNull())
      .addColumn('returns', 'integer', (c) => c.notNull())
      .addColumn('operator_actions', 'integer', (c) => c.notNull())
      .addColumn('workflows', 'integer')
      .execute();
    await db.schema.createIndex('erasures_subject_hash').on('erasures').column('subject_hash').execute();
  },
};
