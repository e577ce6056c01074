import type { AttemptRow, FactorStatusRow, UserStatusRow } from "../tables";

/**
 * A Map bounded to `max` entries that drops the least recently used ones, a generation at a time:
 * entries go into `recent`; when it holds max/2 it becomes `older` and the previous `older` is
 * dropped whole. A hit in `older` moves to `recent`. O(1) per call: evicting one entry at a time
 * from the front of one Map (`keys().next()`) makes V8 walk the deleted slots left there, which
 * costs ~30% of the projector's CPU once the cache is full.
 */
export class Lru<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();
  private readonly generation: number;
  constructor(max: number) {
    this.generation = Math.max(1, Math.floor(max / 2));
  }
  get size(): number {
    return this.recent.size + this.older.size;
  }
  get(key: string): V | undefined {
    const v = this.recent.get(key);
    if (v !== undefined) return v;
    const o = this.older.get(key);
    if (o !== undefined) {
      this.older.delete(key);
      this.put(key, o);
    }
    return o;
  }
  set(key: string, value: V): void {
    this.older.delete(key);
    this.put(key, value);
  }
  clear(): void {
    this.recent = new Map();
    this.older = new Map();
  }
  private put(key: string, value: V): void {
    this.recent.set(key, value);
    if (this.recent.size >= this.generation) {
      this.older = this.recent;
      this.recent = new Map();
    }
  }
}

/**
 * Rows written by earlier batches of this projector, so the next batch loads only what it has
 * not seen. Sound only while this projector is the schema's single writer and every batch it
 * put in here committed: callers `clear()` it on any failed batch (the checkpoint compare-and-set
 * makes a second writer fail, which clears it too).
 */
export class StateCache {
  readonly users: Lru<UserStatusRow>;
  readonly factors: Lru<FactorStatusRow>;
  readonly attempts: Lru<AttemptRow>;
  /** challenge id → attempt id, for SMS receipts. */
  readonly challenges: Lru<string>;
  constructor(maxRows = 100_000) {
    this.users = new Lru(maxRows);
    this.factors = new Lru(maxRows);
    this.attempts = new Lru(maxRows);
    this.challenges = new Lru(maxRows);
  }
  clear(): void {
    this.users.clear();
    this.factors.clear();
    this.attempts.clear();
    this.challenges.clear();
  }
}
