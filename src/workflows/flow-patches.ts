/**
 * Patches of `distributeLead` (src/workflows: every change to the commands a recorded history holds is one):
 * - a post child that cannot start or fails is its buyer's failure: recorded, its cap place
 *   released, the flow goes on (before: the distribution failed and the place stayed held);
 * - a cap check that errors leaves the buyer out (before: it was pinged as if it had room);
 * - a buyer's bid window is `ping_timeout` from its ping's own send, enforced by the ping, and
 *   the auction waits for every ping until its own deadline, `auction_timeout` (before: one
 *   `ping_timeout` timer from the auction's start, so a ping whose first workflow task was held
 *   by a lost worker was cancelled before it was sent). Bids are timed from the ping's send.
 */
export const CHILD_FAILURE_IS_BUYERS = 'child-failure-is-buyers';
export const CAP_CHECK_FAILS_CLOSED = 'cap-check-fails-closed';
export const PING_WINDOW_FROM_SEND = 'ping-window-from-send';
