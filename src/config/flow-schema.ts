import { z } from 'zod';
import { destinationSlug } from '../core/delivery/destination-slug.js';
import { DEFAULT_PING_TIMEOUT_MS } from '../contract/defaults.js';
import { DestinationSchema } from './destination-schema.js';
import { LEAD_PATH_PATTERN } from './lead-path.js';
import { TimeZoneSchema } from './routing-schema.js';
import { milliseconds } from './units.js';

/**
 * A destination given by file (a path, relative to the flow file) or written out inline.
 * An inline destination is a whole destination, `name` included.
 */
const DestinationRefSchema = z.union([
  z.string({ error: 'expected a destination file path or an inline destination' }).trim().min(1, { error: 'expected a destination file path such as ../destinations/acme.yaml' }),
  DestinationSchema,
]);

const capCount = z.number({ error: 'expected a number of leads' }).int({ error: 'expected a whole number of leads' }).min(0, { error: 'expected 0 leads or more' });

/**
 * How many leads a buyer takes per calendar hour, day and month in its time zone. A lead
 * counts from the moment its post is reserved; a rejected post gives its place back.
 */
const CapsSchema = z
  .strictObject({
    per_hour: capCount.optional(),
    per_day: capCount.optional(),
    per_month: capCount.optional(),
    /** IANA time zone the hours, days and months are counted in (default UTC). */
    time_zone: TimeZoneSchema,
  })
  .refine((c) => c.per_hour !== undefined || c.per_day !== undefined || c.per_month !== undefined, {
    error: 'expected at least one of per_hour, per_day, per_month (or remove `caps`)',
  });

/** A buyer: who a lead can be sold to, and how it is sent to them. */
const BuyerSchema = z.strictObject({
  /** The buyer's name: in child workflow ids, search attributes, metrics and its caps' id. */
  name: z
    .string({ error: 'expected a buyer name' })
    .trim()
    .min(1, { error: 'expected a buyer name' })
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, { error: 'expected a buyer name of letters, digits, spaces, `.`, `_` and `-`' }),
  /** Where the full lead is posted: a destination file (relative to the flow file) or an inline destination. */
  destination: DestinationRefSchema,
  /**
   * For `ping_post`: the ping request, usually a subset of the lead's fields. Its response
   * rules give the bid (`price`) and whether there is one (success rules); its `response_parser`
   * fields are what the post sees as `{{ ping.fields.<name> }}`.
   */
  ping: DestinationRefSchema.optional(),
  caps: CapsSchema.optional(),
});

const STRATEGIES = ['all', 'in_order', 'ping_post'] as const;

/**
 * A flow: one lead, many buyers. `all` posts to every eligible buyer (fan-out); `in_order`
 * tries buyers in order until one accepts (waterfall); `ping_post` pings every eligible
 * buyer, then posts to the best bid, falling through to the next valid bid on a rejection.
 */
export const FlowSchema = z
  .strictObject({
    /** The flow's name: part of every distribution's workflow id. */
    name: z.string({ error: 'expected a flow name' }).trim().min(1, { error: 'expected a flow name' }).max(200),
    strategy: z.enum(STRATEGIES, { error: `expected a strategy: ${STRATEGIES.join(', ')}` }),
    /** Where the lead's own id is found (default `id`); part of the distribution's id. */
    lead_id_field: z.string().regex(LEAD_PATH_PATTERN, { error: 'expected a lead field path such as `id`' }).default('id'),
    /**
     * `exclusive`: the lead is sold once. `shared`: up to `max_sales` times. Default
     * `shared` for `all`, `exclusive` for `in_order` and `ping_post`.
     */
    sale: z.enum(['exclusive', 'shared'], { error: 'expected exclusive or shared' }).optional(),
    /** For a `shared` lead: how many buyers at most it is sold to (default: no limit). */
    max_sales: z.number().int().min(1, { error: 'expected at least 1 sale' }).optional(),
    /**
     * For `all`: sell the lead to at most this many buyers. It is posted at once to the first
     * this many eligible buyers listed (one left out by its skip rules or a full cap does not
     * count); each that rejects it makes room for the next eligible buyer.
     */
    max_buyers: z.number().int().min(1, { error: 'expected at least 1 buyer' }).optional(),
    /**
     * For `ping_post`: how long each buyer has to answer its ping, in milliseconds, from when
     * its ping is sent (default 5000). Its retries fall inside it.
     */
    ping_timeout: milliseconds(600_000).min(1, { error: 'expected a ping_timeout of at least 1 millisecond' }).optional(),
    /**
     * For `ping_post`: how long the auction waits for every ping at most, in milliseconds, from
     * its start (default twice ping_timeout plus 30 s, room for a worker lost and replaced while
     * it held a ping). An auction closes at its last answer, so this only matters when one is
     * late. At least ping_timeout.
     */
    auction_timeout: milliseconds(3_600_000).min(1, { error: 'expected an auction_timeout of at least 1 millisecond' }).optional(),
    /** For `ping_post`: how long a bid stays valid after it arrived, in milliseconds (default 60000). */
    bid_ttl: milliseconds().min(1, { error: 'expected a bid_ttl of at least 1 millisecond' }).optional(),
    /** For `ping_post`: bids below this price are not accepted. */
    floor: z.number({ error: 'expected a price' }).min(0, { error: 'expected a price of 0 or more' }).optional(),
    buyers: z.array(BuyerSchema).min(1, { error: 'expected at least one buyer' }),
  })
  .superRefine((flow, ctx) => {
    const onlyFor = (key: 'max_buyers' | 'ping_timeout' | 'auction_timeout' | 'bid_ttl' | 'floor', strategy: (typeof STRATEGIES)[number]) => {
      if (flow[key] !== undefined && flow.strategy !== strategy) {
        ctx.addIssue({ code: 'custom', path: [key], message: `applies only to strategy ${strategy} (this flow's strategy is ${flow.strategy}): remove it` });
      }
    };
    onlyFor('max_buyers', 'all');
    onlyFor('ping_timeout', 'ping_post');
    onlyFor('auction_timeout', 'ping_post');
    const pingTimeout = flow.ping_timeout ?? DEFAULT_PING_TIMEOUT_MS;
    if (flow.strategy === 'ping_post' && flow.auction_timeout !== undefined && flow.auction_timeout < pingTimeout) {
      ctx.addIssue({
        code: 'custom',
        path: ['auction_timeout'],
        message: `expected an auction_timeout of at least ping_timeout (${pingTimeout} ms): each buyer has ping_timeout to answer from its ping's send, so the auction must wait at least that long`,
      });
    }
    onlyFor('bid_ttl', 'ping_post');
    onlyFor('floor', 'ping_post');
    if (flow.strategy === 'all' && flow.sale === 'exclusive') {
      ctx.addIssue({ code: 'custom', path: ['sale'], message: 'strategy all posts to every eligible buyer at once, so it cannot sell exclusively: use in_order or ping_post for an exclusive lead' });
    }
    if (flow.strategy === 'all' && flow.max_sales !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['max_sales'], message: 'strategy all posts to buyers at once: limit it with max_buyers instead' });
    }
    if (flow.max_sales !== undefined && flow.sale !== 'shared') {
      ctx.addIssue({ code: 'custom', path: ['max_sales'], message: 'applies only to a shared lead: add `sale: shared`, or remove max_sales' });
    }
    const seen = new Map<string, number>();
    flow.buyers.forEach((b, i) => {
      // Child workflow ids and the caps' id are built from the name's slug: two names with one slug would share them.
      const key = destinationSlug(b.name);
      const other = seen.get(key);
      if (other !== undefined) {
        const same = flow.buyers[other]!.name.toLowerCase() === b.name.toLowerCase();
        ctx.addIssue({
          code: 'custom',
          path: ['buyers', i, 'name'],
          message: same
            ? `buyer ${b.name} is listed twice (also buyers[${other}]): give each buyer its own name`
            : `buyer ${b.name} and buyers[${other}] (${flow.buyers[other]!.name}) would share the id ${key} (in their ping, post and caps ids): give each buyer a name that differs in letters or digits`,
        });
      } else seen.set(key, i);
      if (flow.strategy === 'ping_post' && b.ping === undefined) {
        ctx.addIssue({ code: 'custom', path: ['buyers', i, 'ping'], message: 'strategy ping_post needs a ping request for every buyer: a destination file or an inline destination whose `price` reads the bid' });
      }
      if (flow.strategy !== 'ping_post' && b.ping !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['buyers', i, 'ping'], message: `applies only to strategy ping_post (this flow's strategy is ${flow.strategy}): remove it` });
      }
    });
  });

/** A flow file as validated: buyer destinations may still be file paths. */
export type FlowConfig = z.output<typeof FlowSchema>;
export type FlowInput = z.input<typeof FlowSchema>;
export type Caps = z.output<typeof CapsSchema>;
