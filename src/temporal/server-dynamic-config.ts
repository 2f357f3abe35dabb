/**
 * Temporal server dynamic config leadwire runs with: the embedded dev server gets each as
 * `--dynamic-config-value`, and deploy/temporal/dynamicconfig.yaml (read by `npm run cluster`
 * and docker-compose.yml) holds the same values, which a unit test checks.
 */
export const SERVER_DYNAMIC_CONFIG: Readonly<Record<string, string | number | boolean>> = {
  // Eager workflow start: a client that also runs a worker skips a round trip (bench/).
  'system.enableEagerWorkflowStart': true,
  // Eager activity execution: a worker runs the activity it just scheduled without a poll (bench/).
  'system.enableActivityEagerExecution': true,
  // Timers fire within ~1 s by default; short retry delays in tests and demos need finer.
  'history.timerProcessorMaxTimeShift': '50ms',
  // Visibility calls per second per frontend (server default 10; the dev server's own is 100).
  'frontend.namespaceRPS.visibility': 100,
};
