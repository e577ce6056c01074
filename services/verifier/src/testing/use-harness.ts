/**
 * The one PostgreSQL harness of a test file: created before its tests, closed after them (testkit's
 * `useFixture`). Read its fields inside tests and hooks only: they exist once `beforeAll` ran.
 */
import { useFixture } from "@factorlens/testkit";
import { createHarness, type Harness } from "./harness";

export const useHarness = (opts: Parameters<typeof createHarness>[0] = {}): Harness =>
  useFixture(
    () => createHarness(opts),
    (h) => h.close(),
  );
