/**
 * A bounded LRU map for the verifier's in-memory caches (user state, decrypted secrets), on
 * `lru-cache`: O(1) get/set/evict. (A Map re-inserting keys and evicting via `keys().next()` degrades
 * once full: V8 walks the deleted slots left at the front of the table.)
 */
import { LRUCache } from "lru-cache";

export class Lru<K extends {}, V extends {}> {
  private readonly cache: LRUCache<K, V> | null;

  constructor(max: number) {
    this.cache = max > 0 ? new LRUCache<K, V>({ max }) : null;
  }

  get(key: K): V | undefined {
    return this.cache?.get(key);
  }

  set(key: K, value: V): void {
    this.cache?.set(key, value);
  }

  delete(key: K): void {
    this.cache?.delete(key);
  }

  clear(): void {
    this.cache?.clear();
  }

  get size(): number {
    return this.cache?.size ?? 0;
  }
}
