/**
 * One world per test file (or describe block): opened in beforeAll, closed in afterAll. Fixtures
 * registered one after the other are closed in the reverse order (vitest's "stack" hooks), so a
 * store opened on a database is closed before the database is dropped.
 */
import { afterAll, beforeAll } from "vitest";
import { createTestKafka, type TestKafka } from "./kafka";
import { createTestDatabase, type TestDatabase } from "./postgres";

/**
 * Opens `open()` before the tests of the enclosing block and `close`s it after them. Returns a
 * stand-in that forwards every property to the opened value (methods bound to it), so tests use it
 * like the value itself; touching it outside the tests (before beforeAll has run) throws.
 */
export function useFixture<T extends object>(
  open: () => Promise<T>,
  close: (value: T) => Promise<unknown> | unknown,
): T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await open();
  });
  afterAll(async () => {
    if (current !== undefined) await close(current);
  });
  return new Proxy({} as T, {
    get(_target, property) {
      if (current === undefined) throw new Error(`fixture used before it was opened (.${String(property)})`);
      const value = Reflect.get(current, property, current);
      return typeof value === "function" ? value.bind(current) : value;
    },
  });
}

/** A fresh database (createTestDatabase) for the enclosing block, dropped after it. */
export const useTestDatabase = (prefix?: string): TestDatabase =>
  useFixture(
    () => createTestDatabase(prefix),
    (db) => db.drop(),
  );

/** A Kafka client on the real broker (createTestKafka) for the enclosing block; its topics are deleted after it. */
export const useTestKafka = (clientId?: string): TestKafka =>
  useFixture(
    () => createTestKafka(clientId),
    (k) => k.cleanup(),
  );
