import { beforeAll, describe, expect, it } from 'vitest';
import { FAIL_CLOSED_DEFAULTS, DEFAULT_PARK_WINDOW_MS, defaultAuctionTimeoutMs } from '../../../../src/contract/defaults.js';
import { sendPlanOf, type DeliveryPlan } from '../../../../src/contract/delivery-plan.js';
import { deliveryPlanFromV1, flowPlanFromV1, fromV1 } from '../../../../src/contract/upgrade/from-v1.js';
import { retryCorrection, upgrade } from '../../../../src/contract/upgrade/upgrade.js';
import { CONTRACT_VERSION, NewerContractError } from '../../../../src/contract/version.js';
import { recordedMessages, VERSION_1_RELEASES, type MessageKind, type RecordedMessage } from './recorded-messages.js';

type Stored = Record<string, unknown>;

/** A parsed destination as 0.1.0 stored it, as a plan: the same options, without `lead_id_field`. */
const asPlan = (destination: unknown): Stored => {
  const { lead_id_field: _edgeOnly, ...rest } = destination as Stored;
  return rest;
};

let recorded: RecordedMessage[];
const ofKind = (kind: MessageKind) => {
  const found = recorded.filter((m) => m.kind === kind);
  expect(found.length, `the committed histories hold ${kind} messages`).toBeGreaterThan(0);
  return found;
};

beforeAll(async () => {
  recorded = await recordedMessages(VERSION_1_RELEASES);
});

describe('every message release 0.1.0 recorded upgrades to version 2', () => {
  it('holds every kind of stored message, none of them versioned', () => {
    const kinds = new Set(recorded.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(
      ['addLeadsRequest', 'batcherInput', 'buyerCapsInput', 'capCall', 'capCheck', 'deliverBatchInput', 'deliverLeadInput', 'distributeLeadInput', 'giveUpRequest', 'reserveCapRequest', 'retryRequest', 'sendBatchInput', 'sendInput', 'settleCapRequest'].sort(),
    );
    for (const m of recorded) expect((m.value as Stored).v, m.where).toBeUndefined();
  });

  it('deliverLead inputs (started, and started as children of distributions): the destination becomes the same plan, lossless', () => {
    for (const { value, where } of ofKind('deliverLeadInput')) {
      const raw = value as Stored;
      const input = upgrade.deliverLeadInput(raw);
      expect(input, where).toEqual({ v: CONTRACT_VERSION, plan: asPlan(raw.destination), lead: raw.lead, deliveryId: raw.deliveryId, leadId: raw.leadId });
    }
  });

  it('deliverBatch and leadBatcher inputs keep their plan, entries, queue and knobs', () => {
    for (const { value, where } of ofKind('deliverBatchInput')) {
      const raw = value as Stored;
      expect(upgrade.deliverBatchInput(raw), where).toEqual({ v: CONTRACT_VERSION, plan: asPlan(raw.destination), batchId: raw.batchId, batcherId: raw.batcherId, entries: raw.entries });
    }
    for (const { value, where } of ofKind('batcherInput')) {
      const { destination, ...rest } = value as Stored;
      expect(upgrade.batcherInput(value), where).toEqual({ v: CONTRACT_VERSION, plan: asPlan(destination), ...rest });
    }
    // The batcher that rolled over carried its queue into its next run.
    expect(ofKind('batcherInput').some((m) => (upgrade.batcherInput(m.value).queue?.dispatched ?? 0) > 0)).toBe(true);
  });

  it('distributeLead inputs: the flow becomes a flow plan whose buyers post and ping with the same plans, and whose auction waits the default auction_timeout', () => {
    for (const { value, where } of ofKind('distributeLeadInput')) {
      const raw = value as { flow: Stored & { buyers: Stored[]; ping_timeout: number } } & Stored;
      const { lead_id_field: _edgeOnly, buyers, ...flow } = raw.flow;
      const input = upgrade.distributeLeadInput(raw);
      expect(input.flow, where).toEqual({
        ...flow,
        auction_timeout: defaultAuctionTimeoutMs(raw.flow.ping_timeout),
        buyers: buyers.map(({ destination, ping, ...buyer }) => ({ ...buyer, post: asPlan(destination), ...(ping ? { ping: asPlan(ping) } : {}) })),
      });
      expect(input.lead).toEqual(raw.lead);
      // Every strategy was recorded with an exclusive lead sold once, or a shared one.
      expect(input.flow.sale === 'shared' || input.flow.max_sales === 1, where).toBe(true);
    }
    expect(new Set(ofKind('distributeLeadInput').map((m) => upgrade.distributeLeadInput(m.value).flow.strategy))).toEqual(new Set(['all', 'in_order', 'ping_post']));
  });

  it('buyerCaps inputs (started, and continued as new with the ledger) keep everything', () => {
    for (const { value, where } of ofKind('buyerCapsInput')) expect(upgrade.buyerCapsInput(value), where).toEqual({ v: CONTRACT_VERSION, ...(value as Stored) });
    expect(ofKind('buyerCapsInput').some((m) => upgrade.buyerCapsInput(m.value).ledger !== undefined)).toBe(true);
  });

  it('retry updates and signals: a corrected destination is read as it came, and becomes its plan when taken without validation', () => {
    const retries = ofKind('retryRequest');
    for (const { value, where } of retries) {
      const raw = (value ?? {}) as Stored;
      expect(retryCorrection(raw), where).toEqual({ ...(raw.destination ? { correction: raw.destination } : {}), ...(raw.requestedBy ? { requestedBy: raw.requestedBy } : {}) });
      expect(upgrade.retryRequest(raw), where).toEqual({ v: CONTRACT_VERSION, ...(raw.destination ? { plan: asPlan(raw.destination) } : {}), ...(raw.requestedBy ? { requestedBy: raw.requestedBy } : {}) });
    }
    expect(retries.some((m) => (m.value as Stored | undefined)?.destination !== undefined)).toBe(true);
  });

  it('give-up requests, addLeads signals and cap updates keep their fields', () => {
    for (const { value, where } of ofKind('giveUpRequest')) expect(upgrade.giveUpRequest(value), where).toEqual({ v: CONTRACT_VERSION, ...(value as Stored) });
    for (const { value, where } of ofKind('addLeadsRequest')) expect(upgrade.addLeadsRequest(value), where).toEqual(value);
    for (const { value, where } of ofKind('settleCapRequest')) expect(upgrade.settleCapRequest(value), where).toEqual({ v: CONTRACT_VERSION, ...(value as Stored) });
    for (const { value, where } of ofKind('reserveCapRequest')) {
      const { caps, ...rest } = value as Stored & { caps: Stored };
      const { time_zone: _zone, ...limits } = caps;
      expect(upgrade.reserveCapRequest(value), where).toEqual({ v: CONTRACT_VERSION, ...rest, caps: limits });
    }
  });

  it('send activity inputs an earlier worker scheduled: the send step gets the request part of the plan only', () => {
    for (const { value, where } of ofKind('sendInput')) {
      const raw = value as Stored;
      const input = upgrade.sendInput(raw);
      expect(input, where).toEqual({ v: CONTRACT_VERSION, plan: sendPlanOf(asPlan(raw.destination) as unknown as DeliveryPlan), lead: raw.lead, deliveryId: raw.deliveryId, now: raw.now, attempt: raw.attempt });
      // What judging, retrying and parking read is not sent to the send step.
      for (const key of ['retry', 'park', 'at_most_once', 'response_format', 'price', 'response_parser']) expect(input.plan, where).not.toHaveProperty(key);
    }
    for (const { value, where } of ofKind('sendBatchInput')) {
      const raw = value as Stored & { destination: Stored };
      const input = upgrade.sendBatchInput(raw);
      expect(input.plan.batch, where).toEqual(raw.destination.batch);
      expect(input, where).toMatchObject({ v: CONTRACT_VERSION, chunkId: raw.chunkId, entries: raw.entries, now: raw.now });
      expect(input.plan).not.toHaveProperty('retry');
    }
  });

  it('cap activity inputs keep buyer, caps and reservation', () => {
    for (const { value, where } of ofKind('capCall')) expect(upgrade.capCall(value), where).toEqual({ v: CONTRACT_VERSION, ...(value as Stored) });
    for (const { value, where } of ofKind('capCheck')) expect(upgrade.capCheck(value), where).toEqual({ v: CONTRACT_VERSION, ...(value as Stored) });
  });

  it('an upgraded message is today\'s: upgrading it again changes nothing', () => {
    for (const { kind, value, where } of recorded) {
      if (kind === 'retryRequest') continue;
      const once = upgrade[kind](value);
      expect(upgrade[kind](once), where).toBe(once);
    }
  });
});

describe('what a version 1 message lacks, or holds with the wrong type, fails closed', () => {
  const written = { name: 'Hand made', url: 'http://127.0.0.1:9/leads' };

  it('the security-relevant options get the fail-closed defaults: plain http refused, certificates checked, redirects not followed', () => {
    const plan = deliveryPlanFromV1({ ...written, allow_insecure_http: 'yes', validate_ssl: 0, follow_redirects: 'true', timeout: -5, response_max_bytes: '1', response_body_limit: 1.5 });
    expect(plan).toMatchObject({ ...FAIL_CLOSED_DEFAULTS });
    expect(deliveryPlanFromV1(written)).toMatchObject({ ...FAIL_CLOSED_DEFAULTS });
  });

  it('options recorded before they existed take the values deliveries had then', () => {
    expect(deliveryPlanFromV1(written)).toMatchObject({
      method: 'POST',
      headers: {},
      compress: 'none',
      endpoint_strategy: 'round_robin',
      time_zone: 'UTC',
      response_format: 'auto',
      retry: { max_attempts: 3, jitter: 0, respect_retry_after: true, max_retry_after: 3_600_000 },
      park: { window: DEFAULT_PARK_WINDOW_MS },
      at_most_once: false,
    });
    expect(deliveryPlanFromV1(written)).not.toHaveProperty('lead_id_field');
  });

  it('at_most_once written as something other than a boolean means never sending twice on its own', () => {
    expect(deliveryPlanFromV1({ ...written, at_most_once: 'yes' }).at_most_once).toBe(true);
    expect(deliveryPlanFromV1({ ...written, at_most_once: false }).at_most_once).toBe(false);
  });

  it('a flow: an exclusive lead is sold once whatever max_sales says; a cap or floor that is not a number lets nothing through', () => {
    const flow = flowPlanFromV1({ name: 'f', strategy: 'in_order', sale: 'exclusive', max_sales: 5, buyers: [{ name: 'b', destination: written, caps: { per_day: '10' } }] });
    expect(flow.max_sales).toBe(1);
    expect(flow.buyers[0]!.caps).toEqual({ per_day: 0, time_zone: 'UTC' });
    expect(flowPlanFromV1({ name: 'f', strategy: 'in_order', buyers: [] })).toMatchObject({ sale: 'exclusive', max_sales: 1, ping_timeout: 5000, bid_ttl: 60000 });
    expect(flowPlanFromV1({ name: 'f', strategy: 'ping_post', floor: 'ten', buyers: [] }).floor).toBe(Number.MAX_VALUE);
    expect(flowPlanFromV1({ name: 'f', strategy: 'all', buyers: [] })).toMatchObject({ sale: 'shared' });
    expect(flowPlanFromV1({ name: 'f', strategy: 'all', buyers: [] })).not.toHaveProperty('max_sales');
  });

  it('a validation result recorded as a list of problems: none makes the destination\'s plan', () => {
    expect(upgrade.validatedCorrection([], written)).toEqual({ v: CONTRACT_VERSION, plan: deliveryPlanFromV1(written) });
    const issues = [{ path: 'url', message: 'expected an https:// URL' }];
    expect(upgrade.validatedCorrection(issues, written)).toEqual({ v: CONTRACT_VERSION, issues });
    const today = { v: CONTRACT_VERSION, issues };
    expect(upgrade.validatedCorrection(today, written)).toBe(today);
  });

  it('a message from a newer release is refused, not guessed at', () => {
    expect(() => upgrade.deliverLeadInput({ v: CONTRACT_VERSION + 1, plan: {} })).toThrow(NewerContractError);
    expect(() => retryCorrection({ v: CONTRACT_VERSION + 1 })).toThrow(/newer than this worker/);
    // The addLeads list has no `v` (version 1's shape, kept); the version that changes it sends an object.
    expect(() => upgrade.addLeadsRequest({ v: CONTRACT_VERSION + 1, entries: [] })).toThrow(NewerContractError);
  });

  it('the send step of a version 1 input an earlier worker scheduled refuses plain http too', () => {
    const input = fromV1.sendInput({ destination: written, lead: { id: '1' }, deliveryId: 'd', now: '2026-01-01T00:00:00Z', attempt: 2 });
    expect(input.plan.allow_insecure_http).toBe(false);
  });
});
