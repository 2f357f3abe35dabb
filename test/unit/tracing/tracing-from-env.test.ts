import { describe, expect, it } from 'vitest';
import { otlpTracesEndpoint, tracingFromEnv, tracingRequested } from '../../../src/tracing/tracing-from-env.js';

describe('tracing from the environment', () => {
  it('is off by default, on with LEADWIRE_OTEL=1 or a standard OTLP endpoint, and LEADWIRE_OTEL=0 wins', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ LEADWIRE_OTEL: '1' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ LEADWIRE_OTEL: '0', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
  });

  it('exports to the traces endpoint, else the base endpoint plus /v1/traces, else the OTLP/HTTP default', () => {
    expect(otlpTracesEndpoint({})).toBe('http://localhost:4318/v1/traces');
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' })).toBe('http://b:4318/traces');
  });

  it('builds no exporter when tracing is off', async () => {
    expect(await tracingFromEnv({})).toBeUndefined();
    const on = await tracingFromEnv({ LEADWIRE_OTEL: '1' });
    expect(on?.endpoint).toBe('http://localhost:4318/v1/traces');
    await on?.exporter.shutdown();
  });
});
