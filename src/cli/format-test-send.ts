import type { ErrorCode } from '../core/errors/error-codes.js';
import type { SendResult } from '../core/delivery/send-result.js';
import type { RenderedRequest } from '../core/render/rendered-request.js';
import type { Verdict } from '../core/response/verdict.js';
import { formatRequest } from './format-request.js';
import { sideBySide } from './side-by-side.js';

export interface TestSendReport {
  /** The request as rendered with secrets masked: never the resolved one. */
  request: RenderedRequest;
  sent?: SendResult;
  verdict?: Verdict;
  /** When the send could not happen at all (missing secret, bad template). */
  error?: { code: ErrorCode; message: string };
}

const MARK: Record<string, string> = { success: '✔', failure: '✘', error: '!' };

/** The test send for a terminal: request and response side by side, then timing and verdict. */
export function formatTestSend(report: TestSendReport, width: number, options: { local?: boolean } = {}): string {
  const right = report.sent ? formatSent(report.sent) : `(not sent)\n${report.error?.code ?? ''}`;
  const lines = [sideBySide('REQUEST', prettyBody(formatRequest(report.request)), 'RESPONSE', right, width), ''];
  if (report.sent) {
    lines.push(`timing   ${report.sent.durationMs} ms (started ${report.sent.startedAt})${report.sent.endpoint ? `, endpoint ${report.sent.endpoint}` : ''}`);
  }
  if (report.verdict) {
    const v = report.verdict;
    lines.push(`verdict  ${MARK[v.outcome] ?? '?'} ${v.outcome}${v.errorCode ? ` (${v.errorCode})` : ''}: ${v.reason}`);
    if (v.detail) lines.push(`         ${v.detail}`);
    if (v.outcome !== 'success') lines.push(`         ${v.retryable ? 'a delivery would retry this' : 'a delivery would not retry this'}`);
    if (Object.keys(v.fields).length > 0) lines.push(`fields   ${JSON.stringify(v.fields)}`);
  } else if (report.error) {
    lines.push(`verdict  ! error (${report.error.code}): ${report.error.message}`);
  }
  if (!options.local && refusedLoopback(report)) {
    lines.push('hint     this address is on this machine: add --local to reach it (the test receiver of `leadwire dev --receiver`, say)');
  }
  return lines.join('\n');
}

/** Whether the SSRF guard refused a loopback address: `--local` opens exactly that. */
function refusedLoopback(report: TestSendReport): boolean {
  const message = report.verdict?.errorCode === 'ADDRESS_BLOCKED' ? report.verdict.reason : report.error?.code === 'ADDRESS_BLOCKED' ? report.error.message : undefined;
  return message !== undefined && /the address is loopback/.test(message);
}

function formatSent(sent: SendResult): string {
  if (sent.kind === 'network-error') return `${sent.code}\n\n${sent.message}`;
  const { status, headers, body, truncated } = sent.response;
  const head = [`HTTP ${status}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return [...head, '', pretty(body) + (truncated ? '\n… (cut off)' : '')].join('\n');
}

/** Indents a JSON body so it reads in a narrow column; anything else is shown as it is. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function prettyBody(message: string): string {
  const split = message.indexOf('\n\n');
  return split < 0 ? message : `${message.slice(0, split)}\n\n${pretty(message.slice(split + 2))}`;
}
