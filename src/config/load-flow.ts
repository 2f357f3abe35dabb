import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../core/errors/config-error.js';
import { LeadwireError } from '../core/errors/leadwire-error.js';
import { DEFAULT_BID_TTL_MS, DEFAULT_PING_TIMEOUT_MS, defaultAuctionTimeoutMs } from '../contract/defaults.js';
import type { Buyer, Flow } from './loaded-flow.js';
import type { Destination } from './destination-schema.js';
import { FlowSchema, type FlowConfig } from './flow-schema.js';
import { toConfigIssues } from './format-issues.js';
import { loadDestinationFile } from './load-destination.js';
import { parseConfigDocument, readConfigFile } from './read-config-file.js';

/** Reads a flow from a `.yaml`, `.yml` or `.json` file; buyer destination files are read relative to it. */
export async function loadFlowFile(path: string): Promise<Flow> {
  const doc = parseConfigDocument(await readConfigFile(path, 'flow'), path, 'flow');
  return parseFlow(doc.toJS({ maxAliasCount: 100 }), { source: path, baseDir: dirname(resolve(path)) });
}

export interface ParseFlowOptions {
  /** Named in error messages; default `flow`. */
  source?: string;
  /** Where relative destination file paths are read from; default the working directory. */
  baseDir?: string;
}

/**
 * Validates a flow object (already parsed from YAML or JSON), loads its buyers' destination
 * files and applies the flow's defaults. Throws a ConfigError listing every problem by path.
 */
export async function parseFlow(raw: unknown, options: ParseFlowOptions = {}): Promise<Flow> {
  const source = options.source ?? 'flow';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(source, [{ path: '', message: 'expected an object with `name`, `strategy` and `buyers`' }], 'flow');
  }
  const result = FlowSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, toConfigIssues(result.error, { schema: FlowSchema, input: raw, reference: 'docs/flows.md' }), 'flow');
  const issues: ConfigIssue[] = [];
  const load = async (ref: string | Destination, path: string): Promise<Destination | undefined> => {
    if (typeof ref !== 'string') return ref;
    try {
      return await loadDestinationFile(resolve(options.baseDir ?? process.cwd(), ref));
    } catch (err) {
      issues.push({ path, message: err instanceof LeadwireError ? err.message : String(err) });
      return undefined;
    }
  };
  const buyers = await Promise.all(
    result.data.buyers.map(async (b, i): Promise<Buyer | undefined> => {
      const destination = await load(b.destination, `buyers[${i}].destination`);
      const ping = b.ping === undefined ? undefined : await load(b.ping, `buyers[${i}].ping`);
      if (!destination || (b.ping !== undefined && !ping)) return undefined;
      return {
        name: b.name,
        destination: forFlow(destination),
        ...(ping ? { ping: forFlow(pingWithBuyerRules(ping, destination)) } : {}),
        ...(b.caps ? { caps: b.caps } : {}),
      };
    }),
  );
  if (issues.length > 0) throw new ConfigError(source, issues, 'flow');
  return resolveFlow(result.data, buyers as Buyer[]);
}

/** The flow's defaults, applied once its buyers are loaded. */
export function resolveFlow(config: FlowConfig, buyers: Buyer[]): Flow {
  const sale = config.sale ?? (config.strategy === 'all' ? 'shared' : 'exclusive');
  const maxSales = sale === 'exclusive' ? 1 : config.max_sales;
  const pingTimeout = config.ping_timeout ?? DEFAULT_PING_TIMEOUT_MS;
  return {
    name: config.name,
    strategy: config.strategy,
    lead_id_field: config.lead_id_field,
    sale,
    ...(maxSales !== undefined ? { max_sales: maxSales } : {}),
    ...(config.max_buyers !== undefined ? { max_buyers: config.max_buyers } : {}),
    ping_timeout: pingTimeout,
    auction_timeout: config.auction_timeout ?? defaultAuctionTimeoutMs(pingTimeout),
    bid_ttl: config.bid_ttl ?? DEFAULT_BID_TTL_MS,
    ...(config.floor !== undefined ? { floor: config.floor } : {}),
    buyers,
  };
}

/**
 * In a flow a failed ping or post does not wait for an operator: the lead moves on to the
 * next bid or buyer, so parking would only hold the auction up.
 */
function forFlow(destination: Destination): Destination {
  return { ...destination, park: { window: 0 } };
}

/** A ping without skip rules of its own is sent under the buyer's (its skip rules and time windows). */
function pingWithBuyerRules(ping: Destination, post: Destination): Destination {
  if (ping.skip !== undefined || post.skip === undefined) return ping;
  return { ...ping, skip: post.skip, time_zone: post.time_zone };
}
