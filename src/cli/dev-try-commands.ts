/**
 * The commands `leadwire dev` suggests once it is up, printed as they are to be typed in a second
 * terminal. test/integration/docs-commands.test.ts runs each against a fresh stack, as it runs
 * the docs' commands.
 */
export const DEV_TRY_COMMANDS: readonly string[] = [
  'npx leadwire test examples/destinations/demo-crm.yaml --lead @examples/leads/john-doe.json --local',
  'npx leadwire deliver examples/destinations/demo-crm.yaml --leads examples/leads/demo-leads.jsonl --wait',
];
