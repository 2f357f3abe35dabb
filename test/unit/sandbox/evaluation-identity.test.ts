import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/config/parse-destination.js';
import { evaluationIdentity } from '../../../src/sandbox/evaluation-identity.js';
import { sandboxOptionsFromEnv } from '../../../src/sandbox/sandbox-options-from-env.js';

// Issue 20, item 4: the sandbox told configs apart by `destination.name`, which the author
// chooses: a hostile config named "Acme CRM" got Acme CRM confined.
const acme = { name: 'Acme CRM', url: 'https://crm.example/leads', body: { format: 'json' as const, mapping: { email: 'email' } } };

describe('the identity the sandbox schedules a config by', () => {
  it('is the config, not its name: another config under a victim\'s name is another identity', () => {
    const victim = evaluationIdentity('renderRequest', parseDestination(acme));
    const impostor = evaluationIdentity('renderRequest', parseDestination({ ...acme, body: { format: 'json', mapping: { ok: { $expr: '$match(email, /^(a|a)*b$/)' } } } }));
    expect(impostor).not.toBe(victim);
    expect(evaluationIdentity('renderRequest', parseDestination({ ...acme, name: 'Acme CRM 2' }))).not.toBe(victim);
  });

  it('is the same for the same config however its keys are ordered, and differs by operation', () => {
    const reordered = { body: { mapping: { email: 'email' }, format: 'json' as const }, url: acme.url, name: acme.name };
    expect(evaluationIdentity('renderRequest', parseDestination(reordered))).toBe(evaluationIdentity('renderRequest', parseDestination(acme)));
    expect(evaluationIdentity('judgeResponse', parseDestination(acme))).not.toBe(evaluationIdentity('renderRequest', parseDestination(acme)));
  });
});

describe('the sandbox settings from the environment', () => {
  it('reads the fast lane\'s limit beside the others, and names a bad value', () => {
    expect(sandboxOptionsFromEnv({ LEADWIRE_SANDBOX_PROCESSES: '4', LEADWIRE_SANDBOX_TIMEOUT_MS: '5000', LEADWIRE_SANDBOX_FAST_LANE_MS: '250', LEADWIRE_SANDBOX_MEMORY_MB: '64' })).toEqual({
      processes: 4,
      timeoutMs: 5000,
      fastLaneMs: 250,
      memoryMb: 64,
    });
    expect(sandboxOptionsFromEnv({})).toEqual({});
    expect(() => sandboxOptionsFromEnv({ LEADWIRE_SANDBOX_FAST_LANE_MS: '0.5' })).toThrow(/LEADWIRE_SANDBOX_FAST_LANE_MS must be a whole number/);
  });
});
