/**
 * The one PostgreSQL harness of a test file: created before its tests, closed after them. Its
 * fields are there once the file's `beforeAll` ran, so read them inside tests and hooks only.
 */
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "./harness";

export function useHarness(opts: Parameters<typeof createHarness>[0] = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await createHarness(opts));
  });
  afterAll(async () => {
    // absent when createHarness failed: vitest reports that failure, not this one
    if (h.app) await h.close();
  });
  return h;
}
