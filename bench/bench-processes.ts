import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchWorkerConfig } from './bench-worker.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TSX = ['--import', 'tsx'];

export interface ReceiverProcess {
  url: string;
  stats(): Promise<{ requests: number; failed: number; acked: number }>;
  /** Idempotency-Key to the epoch milliseconds of its 2xx answer. */
  acks(): Promise<Record<string, number>>;
  reset(): Promise<void>;
  stop(): void;
}

/** Starts bench/fast-receiver.ts in its own process on 127.0.0.1. */
export async function startReceiverProcess(failRate: number): Promise<ReceiverProcess> {
  const child = fork(here('./fast-receiver.ts'), [], { execArgv: TSX, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: { ...process.env, BENCH_FAIL_RATE: String(failRate) } });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The bench receiver did not start within 30 s.')), 30_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => reject(new Error(`The bench receiver exited at start (code ${code}).`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const get = async <T>(path: string, method = 'GET') => (await (await fetch(`${url}${path}`, { method })).json()) as T;
  return {
    url,
    stats: () => get('/_stats'),
    acks: () => get('/_acks'),
    reset: async () => void (await get('/_reset', 'POST')),
    stop: () => stopChild(child),
  };
}

export interface WorkerProcess {
  pid: number;
  /** Seconds from the process's start of work to a running worker (bundle loaded, pollers up). */
  startSeconds: number;
  /** The worker identity Temporal records on the tasks it runs. */
  identity: string;
  /** Runs `fn` while sampling the worker's RSS every 200 ms; returns fn's value and the peaks in MB. */
  sampleRss<T>(fn: () => Promise<T>): Promise<RssSample<T>>;
  /** The worker process's own peak RSS since it started (getrusage maxrss), in MB. */
  lifetimePeakRssMb(): Promise<number>;
  stop(): Promise<void>;
  /** SIGKILLs the worker, as a crash would (its sandbox processes exit with it); resolves once it is gone. */
  kill(): Promise<void>;
}

export interface RssSample<T> {
  value: T;
  /** The process's own peak VmRSS. */
  peakRssMb: number;
  /** The peak of its children's VmRSS summed (a leadwire worker's sandbox processes), sampled at the same times. */
  childrenPeakRssMb: number;
}

const vmRssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : 0;
};

/** Live children of a process, from /proc/<pid>/task/<pid>/children. */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/**
 * Runs `fn` while sampling, every 200 ms, the VmRSS of a process and, separately, the sum of
 * its children's (a leadwire worker's sandbox processes are its children).
 */
export async function sampleRss<T>(pid: number, fn: () => Promise<T>): Promise<RssSample<T>> {
  let peak = 0;
  let childrenPeak = 0;
  const sample = async () => {
    const [own, children] = await Promise.all([vmRssMb(pid), childrenOf(pid).then(async (pids) => (await Promise.all(pids.map(vmRssMb))).reduce((a, b) => a + b, 0))]);
    peak = Math.max(peak, own);
    childrenPeak = Math.max(childrenPeak, children);
  };
  await sample();
  const timer = setInterval(() => void sample(), 200);
  try {
    const value = await fn();
    await sample();
    return { value, peakRssMb: Math.round(peak), childrenPeakRssMb: Math.round(childrenPeak) };
  } finally {
    clearInterval(timer);
  }
}

/** Starts bench/bench-worker.ts in its own process and waits for its workers to run. */
export async function startWorkerProcess(config: BenchWorkerConfig, env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  // BENCH_CPU_PROF=<dir>: the worker writes a V8 CPU profile there when it stops (see bench/README.md).
  const profile = env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF] : [];
  const child = fork(here('./bench-worker.ts'), [JSON.stringify(config)], { execArgv: [...TSX, ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  const { startSeconds, identity } = await new Promise<{ startSeconds: number; identity: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left behind: it is not ready, so nothing else will stop it.
      child.kill('SIGKILL');
      reject(new Error('The bench worker did not start within 60 s.'));
    }, 60_000);
    child.on('message', (m: { type?: string; startSeconds?: number; identity?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve({ startSeconds: m.startSeconds!, identity: m.identity! });
      }
    });
    child.once('exit', (code) => reject(new Error(`The bench worker exited at start (code ${code}).`)));
  });
  return {
    pid: child.pid!,
    startSeconds,
    identity,
    sampleRss: (fn) => sampleRss(child.pid!, fn),
    lifetimePeakRssMb: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(0), 5000);
        const onMessage = (m: { type?: string; maxRssKb?: number }) => {
          if (m.type !== 'usage') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(Math.round(m.maxRssKb! / 1024));
        };
        child.on('message', onMessage);
        child.send({ type: 'usage' });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => stopChild(child), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Ends a child this bench started: SIGTERM, then SIGKILL after 5 s. */
function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  timer.unref();
}

export interface IntakeProcess {
  /** The intake API's base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  pid: number;
  /** Whether it co-hosts a worker (`leadwire serve --worker`, eager start). */
  worker: boolean;
  /** Seconds from spawn to an answering API. */
  startSeconds: number;
  stop(): Promise<void>;
}

export interface IntakeOptions {
  address: string;
  taskQueue: string;
  destinationsDir: string;
  apiKey: string;
  worker: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * Starts `leadwire serve` (the checkout's bin, as an operator runs it) in a process of its own,
 * optionally with `--worker`, and waits until it listens (on a port it picks and tells over IPC).
 */
export async function startIntakeProcess(options: IntakeOptions): Promise<IntakeProcess> {
  const started = performance.now();
  // Port 0: the process binds a free port itself and tells it over IPC (a port picked here and
  // bound there could be taken in between, and another server on it would pass for this one).
  const args = ['serve', '--port', '0', '--console-port', 'off', '--destinations', options.destinationsDir, '--address', options.address, '--task-queue', options.taskQueue, ...(options.worker ? ['--worker'] : [])];
  const child = fork(here('../bin/leadwire.js'), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...options.env, LEADWIRE_API_KEYS: options.apiKey, LEADWIRE_LOG_LEVEL: 'warn' } });
  // leadwire serve does not follow its parent out (a bench worker does): the bench's exit, even its watchdog's, ends it.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`leadwire serve${options.worker ? ' --worker' : ''} exited at start (code ${code}).`))));
  exited.catch(() => {});
  const listening = new Promise<number>((resolve) =>
    child.on('message', (m: { leadwireIntakeListening?: { port: number } }) => {
      if (m?.leadwireIntakeListening) resolve(m.leadwireIntakeListening.port);
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`leadwire serve${options.worker ? ' --worker' : ''} did not listen within 90 s.`)), 90_000)));
  const port = await Promise.race([listening, exited, tooLong]).catch((err: unknown) => {
    stopChild(child);
    throw err;
  }).finally(() => clearTimeout(timer));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    worker: options.worker,
    startSeconds: (performance.now() - started) / 1000,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      stopChild(child);
      await gone;
    },
  };
}
