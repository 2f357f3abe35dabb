/**
 * The sandbox's waiting evaluations, first come first served within each identity, so the
 * scheduler chooses between identities (one candidate each), not between thousands of
 * evaluations of a few of them.
 */
export class EvaluationQueue<T extends { id: number; identity: string }> {
  private readonly byIdentity = new Map<string, T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds an evaluation in the order of its id: one put back (cut from the fast lane) goes before its identity's later ones. */
  push(task: T): void {
    const waiting = this.byIdentity.get(task.identity);
    this.count++;
    if (!waiting) {
      this.byIdentity.set(task.identity, [task]);
      return;
    }
    let at = waiting.length;
    while (at > 0 && waiting[at - 1]!.id > task.id) at--;
    waiting.splice(at, 0, task);
  }

  /** The first waiting evaluation of each identity. */
  heads(): T[] {
    return [...this.byIdentity.values()].map((waiting) => waiting[0]!);
  }

  /** Takes the first waiting evaluation of `identity`. */
  take(identity: string): T | undefined {
    const waiting = this.byIdentity.get(identity);
    const task = waiting?.shift();
    if (!task) return undefined;
    this.count--;
    if (waiting!.length === 0) this.byIdentity.delete(identity);
    return task;
  }

  /** Empties the queue, returning everything that waited. */
  drain(): T[] {
    const all = [...this.byIdentity.values()].flat();
    this.byIdentity.clear();
    this.count = 0;
    return all;
  }
}
