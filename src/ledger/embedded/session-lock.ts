/**
 * PGlite is one PostgreSQL session. Every client of the embedded ledger shares it, so a
 * client must hold it for a whole unit of work (an extended-query batch up to its Sync, a
 * simple query) and, while its transaction is open, for the whole transaction. This is that
 * hold: first come, first served, re-entrant for its owner.
 */
export class SessionLock<Owner> {
  private owner: Owner | undefined;
  private readonly waiting: { who: Owner; grant: () => void }[] = [];

  /** Resolves once `who` holds the session (at once when it already does). */
  acquire(who: Owner): Promise<void> {
    if (this.owner === undefined || this.owner === who) {
      this.owner = who;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ who, grant }));
  }

  /** Hands the session to the next waiting owner. A no-op for anyone but the holder. */
  release(who: Owner): void {
    if (this.owner !== who) return;
    const next = this.waiting.shift();
    this.owner = next?.who;
    next?.grant();
  }

  /**
   * Drops `who` from the queue (its connection closed before its turn): its pending acquire
   * resolves without the session, so whoever awaited it can see the connection is gone.
   */
  forget(who: Owner): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.who === who) this.waiting.splice(i, 1)[0]!.grant();
    }
  }

  holds(who: Owner): boolean {
    return this.owner === who;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
