import { createHash, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { SessionLock } from './session-lock.js';
import { askForPassword, CANCEL_REQUEST, endsUnitOfWork, fatalError, GSSENC_REQUEST, passwordOf, SSL_REQUEST, takeMessages, type FrontendMessage } from './wire-messages.js';

export interface WireServerOptions {
  db: PGlite;
  /** Every client must present it (cleartext over loopback): other local users cannot read the ledger. */
  password: string;
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** A client holding an open transaction this long without a word is disconnected (its transaction rolled back); default 30 s. */
  idleInTransactionMs?: number;
}

export interface WireServer {
  port: number;
  /** Connections open and clients waiting for the session. */
  stats(): { connections: number; waiting: number };
  /** Disconnects every client (rolling back an open transaction) and stops listening. */
  stop(): Promise<void>;
}

/**
 * Serves a PGlite database over the PostgreSQL wire protocol on 127.0.0.1, so every process
 * (the dev worker, `leadwire report`, `leadwire erase`) reaches the embedded ledger with
 * node-postgres, as it would a real server. Clients are served one unit of work at a time
 * (see SessionLock); @electric-sql/pglite-socket's server interleaves the messages of two
 * clients' extended-query batches, so it is not used (docs/ledger.md, "Embedded").
 */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const lock = new SessionLock<WireConnection>();
  const connections = new Set<WireConnection>();
  const server = net.createServer((socket) => {
    const connection = new WireConnection(socket, options, lock, () => connections.delete(connection));
    connections.add(connection);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    stats: () => ({ connections: connections.size, waiting: lock.queued }),
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...connections].map((c) => c.close()));
      await closing;
    },
  };
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
const digest = (text: string) => createHash('sha256').update(text).digest();

/** One client connection: startup and password, then its messages in order under the session lock. */
class WireConnection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private phase: 'startup' | 'password' | 'ready' = 'startup';
  private startup?: FrontendMessage;
  private chain: Promise<void> = Promise.resolve();
  private idleTimer?: NodeJS.Timeout;
  private finished?: Promise<void>;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: WireServerOptions,
    private readonly lock: SessionLock<WireConnection>,
    private readonly onClosed: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => this.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.close());
  }

  private receive(data: Buffer): void {
    const taken = takeMessages(Buffer.concat([this.buffer, data]), this.started);
    this.buffer = Buffer.from(taken.rest);
    this.started = taken.started;
    for (const message of taken.messages) {
      this.chain = this.chain.then(() => this.handle(message)).catch(() => void this.socket.destroy());
    }
  }

  private async handle(message: FrontendMessage): Promise<void> {
    if (this.socket.destroyed) return;
    if (this.phase === 'startup') return this.handleStartup(message);
    if (this.phase === 'password') return this.handlePassword(message);
    if (message.type === 'X') {
      this.socket.end();
      return;
    }
    await this.run(message);
  }

  private handleStartup(message: FrontendMessage): void {
    if (message.code === SSL_REQUEST || message.code === GSSENC_REQUEST) {
      this.socket.write('N');
    } else if (message.code === CANCEL_REQUEST) {
      this.socket.destroy();
    } else {
      this.startup = message;
      this.phase = 'password';
      this.socket.write(askForPassword());
    }
  }

  private async handlePassword(message: FrontendMessage): Promise<void> {
    if (message.type !== 'p' || !timingSafeEqual(digest(passwordOf(message)), digest(this.options.password))) {
      this.socket.end(fatalError('28P01', 'password authentication failed for the embedded leadwire ledger (the password is in its host.json)'));
      return;
    }
    this.phase = 'ready';
    // The startup message itself is a unit of work: PGlite answers it with AuthenticationOk ... ReadyForQuery.
    await this.run({ ...this.startup!, type: 'Q' });
  }

  /** Runs one message against the shared session, holding it until the unit of work (or transaction) ends. */
  private async run(message: FrontendMessage): Promise<void> {
    clearTimeout(this.idleTimer);
    const { db } = this.options;
    await this.lock.acquire(this);
    if (this.socket.destroyed) return;
    await db.runExclusive(() => db.execProtocolRawStream(message.bytes, { onRawData: (data) => this.socket.write(data) }));
    if (!endsUnitOfWork(message)) return;
    if (!db.isInTransaction()) this.lock.release(this);
    else this.idleTimer = setTimeout(() => this.socket.destroy(), this.options.idleInTransactionMs ?? 30_000).unref();
  }

  /** Ends the connection; when it held the session, leaves it clean for the next client. */
  close(): Promise<void> {
    this.finished ??= (async () => {
      clearTimeout(this.idleTimer);
      this.socket.destroy();
      this.lock.forget(this);
      await this.chain;
      if (this.lock.holds(this)) {
        const { db } = this.options;
        // A batch cut off before its Sync, or a transaction left open, must not reach the next client.
        await db.runExclusive(() => db.execProtocolRawStream(SYNC, { onRawData: () => {} })).catch(() => {});
        if (db.isInTransaction()) await db.exec('ROLLBACK').catch(() => {});
        this.lock.release(this);
      }
      this.onClosed();
    })();
    return this.finished;
  }
}
