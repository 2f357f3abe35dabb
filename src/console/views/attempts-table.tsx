import type { AttemptRecord } from '../../core/delivery/delivery-result.js';
import { duration, when } from './format.js';
import { OutcomeBadge } from './outcome-badge.js';

/** Every attempt: when, the request (method and masked URL), status, time taken, outcome and reason. */
export function AttemptsTable(props: { attempts: readonly AttemptRecord[]; method?: string }) {
  if (props.attempts.length === 0) return <p class="empty">No attempt yet.</p>;
  return (
    <table class="rows attempts">
      <thead>
        <tr>
          <th>#</th>
          <th>When</th>
          <th>Request</th>
          <th>Status</th>
          <th>Took</th>
          <th>Outcome</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.attempts.map((a) => (
          <tr>
            <td class="num">{a.attempt}</td>
            <td>{when(a.startedAt)}</td>
            <td class="mono">{`${props.method ?? ''} ${a.url}`.trim()}</td>
            <td class="num">{a.status ?? a.errorCode ?? ''}</td>
            <td class="num">{duration(a.durationMs)}</td>
            <td>
              <OutcomeBadge outcome={a.outcome} />
            </td>
            <td class="reason">
              {a.reason}
              {a.detail && <div class="detail">{a.detail}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
