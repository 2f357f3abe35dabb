import cliProgress from 'cli-progress';

interface Progress {
  /** One more lead done; its outcome (when waited for) feeds the counts shown. */
  tick(outcome?: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr, drawn only on a terminal so pipes and CI logs stay clean
 * (stdout keeps only the result, for scripts).
 */
export function createProgress(options: { total: number; enabled: boolean; label: string; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY || options.total === 0) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label} [{bar}] {value}/{total} {percentage}% | ok {ok} failed {failed} | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let ok = 0;
  let failed = 0;
  bar.start(options.total, 0, { ok, failed });
  return {
    tick(outcome) {
      if (outcome === 'success' || outcome === 'skipped') ok++;
      else if (outcome) failed++;
      bar.increment(1, { ok, failed });
    },
    stop() {
      bar.stop();
    },
  };
}
