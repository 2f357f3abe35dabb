import { sql } from 'kysely';
import { LeadwireError } from '../../core/errors/leadwire-error.js';
import type { Ledger } from '../open-ledger.js';
import { returnRefusal } from './return-refusal.js';

/** A buyer sending back a lead it bought. Name the sale by its delivery id, or by the lead id (the buyer's one sale of that lead). */
export interface ReturnRequest {
  deliveryId?: string;
  leadId?: string;
  /** The flow buyer's name, or the destination's name for a lead delivered without a flow. */
  buyer: string;
  /** The buyer's reason code (e.g. `bad_phone`). */
  reason: string;
  /** When the buyer returned it (ISO 8601 or a Date); its `return_window` is counted up to here. */
  at: string | Date;
}

export interface ReturnReceipt {
  deliveryId: string;
  leadId: string;
  buyer: string;
  reason: string;
  /** What the sale is credited: the price the buyer paid. */
  credited: number;
  currency: string;
  returnedAt: string;
  /** True when this sale had already been returned: nothing new was recorded. */
  alreadyRecorded: boolean;
}

/**
 * Records a return and credits the sale: refused when the buyer takes no returns (no
 * `returns.<buyer>` in the ledger settings), for a reason it does not list, for a lead it did
 * not buy, or outside its `return_window` counted from the sale. A sale is returned once.
 */
export async function recordReturn(ledger: Ledger, request: ReturnRequest): Promise<ReturnReceipt> {
  const at = new Date(request.at);
  if (Number.isNaN(at.getTime())) throw new LeadwireError('RETURN_INVALID', 'The return\'s time (`at`) is not a valid ISO 8601 time.');
  if (!request.deliveryId && !request.leadId) throw new LeadwireError('RETURN_INVALID', 'A return names the sale: give its delivery id or the lead id.');
  const sales = await ledger.db
    .selectFrom('deliveries')
    .select(['delivery_id', 'lead_id', 'distribution_id', 'price', 'currency', 'first_success_at', 'finished_at'])
    .where('outcome', '=', 'success')
    .where(sql<boolean>`coalesce(flow_step, '') <> 'ping'`)
    .where((eb) => eb.or([eb('buyer', '=', request.buyer), eb.and([eb('buyer', 'is', null), eb('destination', '=', request.buyer)])]))
    .$if(request.deliveryId !== undefined, (q) => q.where('delivery_id', '=', request.deliveryId!))
    .$if(request.leadId !== undefined, (q) => q.where('lead_id', '=', request.leadId!))
    .execute();
  const refusal = returnRefusal(ledger.settings.returns, request, at, sales);
  if (refusal) throw refusal;
  const sale = sales[0]!;
  const credited = Number(sale.price ?? 0);
  const currency = sale.currency ?? ledger.settings.currency;
  return ledger.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('returns')
      .values({ delivery_id: sale.delivery_id, distribution_id: sale.distribution_id, lead_id: sale.lead_id, buyer: request.buyer, reason: request.reason, credited, currency, returned_at: at })
      .onConflict((oc) => oc.column('delivery_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const earlier = await tx.selectFrom('returns').selectAll().where('delivery_id', '=', sale.delivery_id).executeTakeFirstOrThrow();
      return { deliveryId: earlier.delivery_id, leadId: earlier.lead_id, buyer: earlier.buyer, reason: earlier.reason, credited: Number(earlier.credited), currency: earlier.currency, returnedAt: earlier.returned_at.toISOString(), alreadyRecorded: true };
    }
    await tx.updateTable('deliveries').set({ returned_at: at, credited }).where('delivery_id', '=', sale.delivery_id).execute();
    if (sale.distribution_id) {
      await tx.updateTable('distributions').set({ credited: sql`coalesce(credited, 0) + ${credited}` }).where('distribution_id', '=', sale.distribution_id).execute();
    }
    return { deliveryId: sale.delivery_id, leadId: sale.lead_id, buyer: request.buyer, reason: request.reason, credited, currency, returnedAt: at.toISOString(), alreadyRecorded: false };
  });
}
