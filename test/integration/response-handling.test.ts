import { describe, expect, it } from 'vitest';
import type { DestinationInput } from '../../src/config/destination-schema.js';
import { useHarnessAndReceiver } from '../helpers/use-harness-and-receiver.js';

const { harness, receiver } = useHarnessAndReceiver();

const lead = { id: 'lead-r', email: 'test@example.com', phone: '5551234567' };
let n = 0;
const id = (name: string) => `resp-${name}-${Date.now()}-${++n}`;

/** A receiver URL answering `body` with `contentType` (and any extra query options). */
function answering(body: string, contentType: string, extra = ''): string {
  return `${receiver.url}/leads?body=${encodeURIComponent(body)}&content_type=${encodeURIComponent(contentType)}${extra}`;
}

function destination(url: string, extra: Partial<DestinationInput> = {}): DestinationInput {
  return { name: 'Response CRM', url, allow_insecure_http: true, timeout: 10_000, retry: { max_attempts: 1 }, park: { window: 0 }, ...extra };
}

describe('response handling against a real receiver', () => {
  it('fails a 200 that says {"status":"rejected"} under success_check, and records the extracted fields', async () => {
    const result = await harness.client.deliver(
      destination(answering('{"status":"rejected","message":"duplicate lead"}', 'application/json'), {
        success_check: { path: 'status', value: 'success' },
        response_parser: { outcome: 'status', message: 'message' },
        reason: 'message',
      }),
      lead,
      { deliveryId: id('check') },
    );
    expect(result.outcome).toBe('failure');
    expect(result.errorCode).toBe('RESPONSE_REJECTED');
    expect(result.reason).toContain('duplicate lead');
    expect(result.fields).toMatchObject({ outcome: 'rejected', message: 'duplicate lead' });
  });

  it('the value the `reason` path finds is the record\'s reason; leadwire\'s own account is the attempt\'s detail', async () => {
    const rejected = await harness.client.deliver(
      destination(answering('{"reason":"Phone number invalid","code":"E1"}', 'application/json', '&status=422'), { reason: 'reason', error_parser: { error_code: 'code' } }),
      lead,
      { deliveryId: id('reason-422') },
    );
    expect(rejected).toMatchObject({ outcome: 'failure', errorCode: 'HTTP_422', reason: 'Phone number invalid' });
    expect(rejected.fields).toMatchObject({ reason: 'Phone number invalid', error_code: 'E1' });
    expect(rejected.attempts[0]).toMatchObject({ status: 422, reason: 'Phone number invalid', detail: 'The destination answered HTTP 422: E1, which is not retried' });

    const said = await harness.client.deliver(
      destination(answering('{"status":"rejected","message":"duplicate lead"}', 'application/json'), { success_check: { path: 'status', value: 'success' }, reason: 'message' }),
      lead,
      { deliveryId: id('reason-200') },
    );
    expect(said).toMatchObject({ outcome: 'failure', errorCode: 'RESPONSE_REJECTED', reason: 'duplicate lead' });
    expect(said.attempts[0]!.detail).toMatch(/^HTTP 200, but success_check expected `status` to be "success"/);

    // When retries run out, the record says so after the destination's reason.
    const busy = await harness.client.deliver(
      destination(answering('{"reason":"Service busy"}', 'application/json', '&status=503'), { reason: 'reason', retry: { max_attempts: 2, delay: 10 } }),
      lead,
      { deliveryId: id('reason-503') },
    );
    expect(busy).toMatchObject({ outcome: 'error', errorCode: 'HTTP_503', reason: 'Service busy; gave up after 2 attempts' });
  });

  it('reads an XML answer with the lead id in an attribute (XPath), and its price and reference', async () => {
    const xml = '<response><status>success</status><lead id="X-9"><price>4.25</price></lead></response>';
    const result = await harness.client.deliver(
      destination(answering(xml, 'application/xml'), {
        success_check: { path: '//status', value: 'success' },
        response_parser: { outcome: '//status', lead_id: '//lead/@id' },
        price: '//price',
        reference: '//lead/@id',
      }),
      lead,
      { deliveryId: id('xml') },
    );
    expect(result.outcome).toBe('success');
    expect(result.fields).toMatchObject({ outcome: 'success', lead_id: 'X-9' });
    expect(result.price).toBe(4.25);
    expect(result.reference).toBe('X-9');
  });

  it('reads an HTML error page with CSS selectors and a plain-text answer with a regex', async () => {
    const html = '<html><body><h1 class="err" data-code="E42">Lead rejected</h1></body></html>';
    const page = await harness.client.deliver(
      destination(answering(html, 'text/html', '&status=422'), { error_parser: { error_code: 'h1.err@data-code', error_message: 'h1.err' } }),
      lead,
      { deliveryId: id('html') },
    );
    expect(page.outcome).toBe('failure');
    expect(page.fields).toMatchObject({ error_code: 'E42', error_message: 'Lead rejected' });
    expect(page.reason).toContain('E42: Lead rejected');

    const text = await harness.client.deliver(
      destination(answering('bad: duplicate lead', 'text/plain'), { outcome_search: { term: '/^bad: (.*)$/', outcome_on_match: 'failure' }, reason: '/^bad: (.*)$/' }),
      lead,
      { deliveryId: id('text') },
    );
    expect(text.outcome).toBe('failure');
    expect(text.fields.reason).toBe('duplicate lead');
  });

  it('parses by response_format when the Content-Type lies, and form bodies', async () => {
    const lying = await harness.client.deliver(
      destination(answering('{"lead":{"id":"J-1"}}', 'text/html'), { response_format: 'json', response_parser: { lead_id: 'lead.id' } }),
      lead,
      { deliveryId: id('lying') },
    );
    expect(lying.fields).toEqual({ lead_id: 'J-1' });
    const form = await harness.client.deliver(
      destination(answering('result=success&lead_id=F-7', 'application/x-www-form-urlencoded'), { success_check: { path: 'result', value: 'success' }, response_parser: { lead_id: 'lead_id' } }),
      lead,
      { deliveryId: id('form') },
    );
    expect(form.outcome).toBe('success');
    expect(form.fields).toEqual({ lead_id: 'F-7' });
  });

  it('records a body that claims JSON and is not, without crashing the worker', async () => {
    const result = await harness.client.deliver(
      destination(answering('<html>Internal</html>', 'application/json'), { success_check: { path: 'status', value: 'success' } }),
      lead,
      { deliveryId: id('badjson') },
    );
    expect(result.outcome).toBe('error');
    expect(result.errorCode).toBe('RESPONSE_INVALID_JSON');
    expect(result.reason).toMatch(/Validate|validate its JSON structure/);
    expect(result.response?.body).toBe('<html>Internal</html>');
  });

  it('cuts a 50 MB answer off as RESPONSE_TOO_LARGE and caps the kept body', async () => {
    const big = await harness.client.deliver(destination(`${receiver.url}/leads?size=${50 * 1024 * 1024}`), lead, { deliveryId: id('huge') });
    expect(big.outcome).toBe('error');
    expect(big.errorCode).toBe('RESPONSE_TOO_LARGE');
    expect(big.reason).toMatch(/too large/i);

    const capped = await harness.client.deliver(destination(`${receiver.url}/leads?size=5000`, { response_body_limit: 1000 }), lead, { deliveryId: id('cap') });
    expect(capped.response?.body).toHaveLength(1000);
    expect(capped.response?.truncated).toBe(true);
  });

  it('explains connection refused and a receiver that never answers', async () => {
    const refused = await harness.client.deliver(destination('http://127.0.0.1:1/leads'), lead, { deliveryId: id('refused') });
    expect(refused).toMatchObject({ outcome: 'error', errorCode: 'CONNECTION_REFUSED' });
    expect(refused.reason).toMatch(/Check the URL is correct/);
    const silent = await harness.client.deliver(destination(`${receiver.url}/leads?sleep=60000`, { timeout: 300 }), lead, { deliveryId: id('silent') });
    expect(silent).toMatchObject({ outcome: 'error', errorCode: 'TIMEOUT' });
    expect(silent.reason).toMatch(/raise `timeout`/);
  });

  it('does not follow a redirect unless follow_redirects is set', async () => {
    const stay = await harness.client.deliver(destination(`${receiver.url}/redirect?to=/leads`), lead, { deliveryId: id('redir') });
    expect(stay.outcome).toBe('failure');
    expect(stay.errorCode).toBe('HTTP_302');
    expect(stay.reason).toContain('redirect to /leads');
    const follow = await harness.client.deliver(destination(`${receiver.url}/redirect?to=/leads`, { follow_redirects: true }), lead, { deliveryId: id('follow') });
    expect(follow.outcome).toBe('success');
    expect(receiver.requests.map((r) => r.url.split('?')[0])).toEqual(['/redirect', '/redirect', '/leads']);
  });
});
