/**
 * The integration tests' world: a fresh database with the read models migrated into one schema,
 * for the enclosing test block (vitest hooks; not part of the `testing` entry point, which the demo
 * and benchmarks load outside vitest).
 */
import { type TestDatabase, useTestDatabase } from "@factorlens/testkit";
import { beforeAll } from "vitest";
import { type ReadDb, withSchema } from "../db";
import { migrate } from "../migrate";
import { type ProjectOptions, projectBatch } from "../projection/project-batch";

export interface ReadModelsDatabase {
  /** The fresh database (its pool holds the schema). */
  tdb: TestDatabase;
  /** The read handle on the schema. */
  db(): ReadDb;
  /** Projects `events` into the schema in one batch. */
  project(
    events: Parameters<typeof projectBatch>[1],
    options: Omit<ProjectOptions, "schema">,
  ): ReturnType<typeof projectBatch>;
}

export function useReadModelsDatabase(prefix: string, schema: string): ReadModelsDatabase {
  const tdb = useTestDatabase(prefix);
  beforeAll(() => migrate(tdb.pool, { schema }));
  return {
    tdb,
    db: () => withSchema(tdb.pool, schema),
    project: (events, options) => projectBatch(tdb.pool, events, { ...options, schema }),
  };
}
