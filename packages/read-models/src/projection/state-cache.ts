import type { AttemptRow, FactorStatusRow, UserStatusRow } from "../tables";

/** A Map bounded to `max` entries that drops its least recently used ones. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
  clear(): void {
    this.map.clear();
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
