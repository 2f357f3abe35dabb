import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** How the old workers are stopped at the switch. */
export type StopKind = 'term' | 'kill';

/** The destination and flow files one run writes (YAML, as a user would), and the names in them. */
export interface UpgradeConfigs {
  tag: string;
  dir: string;
  park: { file: string; name: string };
  waiting: { file: string; name: string };
  timer: { file: string; name: string };
  sizeBatch: { file: string; name: string };
  windowBatch: { file: string; name: string };
  caps: { file: string; flow: string; capped: string; fallback: string; perMonth: number };
  auction: { file: string; flow: string; quick: string; held: string };
}

/**
 * How long what must still be open at the switch waits: the retry timer that fires by itself,
 * the batch window that closes by itself. Both start at the end of the old phase, a few seconds
 * before the switch, and then fire on the current workers.
 */
export const OPEN_AT_SWITCH_MS = 60_000;

/** A lead with example.com data; `id` is its own. */
export const upgradeLead = (id: string) => ({ id, email: `${id}@example.com`, phone: '555-0100', zip: '30301', score: 80 });

const body = { format: 'json', mapping: { delivery_id: { $meta: 'delivery_id' }, id: 'id', email: 'email' } };
const destination = (name: string, url: string, extra: Record<string, unknown> = {}) => ({ name, url, allow_insecure_http: true, timeout: 5000, body, ...extra });

/**
 * Writes the run's files into `dir`. Every name carries `tag`, so each run has its own
 * deliveries, batchers and cap workflows on a shared server. The held ping's `timeout` is long
 * when the old workers are stopped gracefully (the old worker waits for the answer, which comes
 * after the switch) and short when they are killed (the attempt is then a WORKER_LOST after the
 * timeout plus 15 s, and the current worker sends the ping again).
 */
export async function writeUpgradeConfigs(dir: string, tag: string, receiverUrl: string, stop: StopKind): Promise<UpgradeConfigs> {
  await mkdir(dir, { recursive: true });
  const file = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, stringify(content));
    return path;
  };
  const names = {
    park: `upgrade park ${tag}`,
    waiting: `upgrade waiting ${tag}`,
    timer: `upgrade timer ${tag}`,
    sizeBatch: `upgrade size batch ${tag}`,
    windowBatch: `upgrade window batch ${tag}`,
  };
  const caps = { flow: `upgrade-caps-${tag}`, capped: `capped-${tag}`, fallback: `fallback-${tag}`, perMonth: 2 };
  const auction = { flow: `upgrade-auction-${tag}`, quick: `quick-${tag}`, held: `held-${tag}` };
  const post = (buyer: string) => destination(`post ${buyer}`, `${receiverUrl}/buyer/${buyer}`, { retry: { max_attempts: 1 } });
  const ping = (buyer: string, path: string, timeout: number) =>
    destination(`ping ${buyer}`, `${receiverUrl}/ping/${path}`, { timeout, price: 'bid', body: { format: 'json', mapping: { zip: 'zip' } }, retry: { max_attempts: 2, delay: 200 } });
  return {
    tag,
    dir,
    // Two 500s exhaust a round: parked for three hours, waiting for an operator.
    park: { name: names.park, file: await file('park.yaml', destination(names.park, `${receiverUrl}/park/${tag}`, { retry: { max_attempts: 2, delay: 200 }, park: { window: 3 * 3_600_000 } })) },
    // A 503, then an hour's wait for the next attempt: cut short by the retry update after the switch.
    waiting: { name: names.waiting, file: await file('waiting.yaml', destination(names.waiting, `${receiverUrl}/flaky/waiting-${tag}`, { retry: { max_attempts: 3, delay: 3_600_000 } })) },
    // A 503, then a wait that ends on its own after the switch.
    timer: { name: names.timer, file: await file('timer.yaml', destination(names.timer, `${receiverUrl}/flaky/timer-${tag}`, { retry: { max_attempts: 3, delay: OPEN_AT_SWITCH_MS } })) },
    // Closes when its third lead arrives, after the switch.
    sizeBatch: { name: names.sizeBatch, file: await file('size-batch.yaml', destination(names.sizeBatch, `${receiverUrl}/bulk/size-${tag}`, { batch: { size: 3, timeout: 3_600_000 } })) },
    // Closes when its window ends, after the switch.
    windowBatch: { name: names.windowBatch, file: await file('window-batch.yaml', destination(names.windowBatch, `${receiverUrl}/bulk/window-${tag}`, { batch: { size: 100, timeout: OPEN_AT_SWITCH_MS } })) },
    caps: {
      ...caps,
      file: await file('caps-flow.yaml', {
        name: caps.flow,
        strategy: 'in_order',
        buyers: [
          { name: caps.capped, destination: post(caps.capped), caps: { per_month: caps.perMonth } },
          { name: caps.fallback, destination: post(caps.fallback) },
        ],
      }),
    },
    auction: {
      ...auction,
      file: await file('auction-flow.yaml', {
        name: auction.flow,
        strategy: 'ping_post',
        // Long enough for the held bid: the auction waits for it across the switch.
        ping_timeout: 600_000,
        buyers: [
          { name: auction.quick, ping: ping(auction.quick, `quick-${tag}`, 5000), destination: post(auction.quick) },
          { name: auction.held, ping: ping(auction.held, `held-${tag}`, stop === 'term' ? 300_000 : 20_000), destination: post(auction.held) },
        ],
      }),
    },
  } satisfies UpgradeConfigs;
}

/** Writes leads, one JSON object a line, for `deliver --leads`. */
export async function writeLeads(dir: string, name: string, ids: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, ids.map((id) => JSON.stringify(upgradeLead(id))).join('\n') + '\n');
  return path;
}
