/** What each outcome means, in a word or two, for the badge's title. */
const MEANING: Record<string, string> = {
  success: 'accepted by the destination',
  failure: 'rejected by the destination',
  error: 'not delivered (network, timeout, 5xx, config)',
  skipped: 'not sent: a skip rule matched',
  duplicate: 'not sent: a duplicate of an accepted lead',
  parked: 'waiting for an operator',
  retrying: 'waiting for its next attempt',
  pending: 'being delivered',
  cancelled: 'cancelled by an operator',
  sold: 'sold to at least one buyer',
  unsold: 'no buyer bought it',
  unknown: 'no outcome recorded',
};

/** An outcome in its colour (console.css), with its meaning on hover. */
export function OutcomeBadge(props: { outcome: string }) {
  const known = props.outcome in MEANING ? props.outcome : 'unknown';
  return (
    <span class={`badge badge-${known}`} title={MEANING[known]}>
      {props.outcome}
    </span>
  );
}
