import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nullGeoResolver } from "../geo/geo-resolver";
import { migrate } from "../migrate";
import { dumpTables, generateEvents } from "../testing";
import { type ProjectableEvent, projectBatch } from "./project-batch";

const asStored = (events: FactorlensEvent[]): ProjectableEvent[] =>
  events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));

async function projectAll(db: TestDatabase, schema: string, events: ProjectableEvent[], batch = 200) {
  for (let i = 0; i < events.length; i += batch) {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await projectBatch(client, events.slice(i, i + batch), { schema, geo: nullGeoResolver });
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  }
}

describe("projectBatch", () => {
  let db: TestDatabase;
  const events = asStored(generateEvents(40));
  beforeAll(async () => {
    db = await createTestDatabase("rm_project");
    await migrate(db.pool, { schema: "rm_a" });
    await migrate(db.pool, { schema: "rm_b" });
  });
  afterAll(() => db.drop());

  it("the generated streams cover every event type", async () => {
    const { EVENT_TYPES } = await import("@factorlens/domain");
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it("is idempotent by event id: the same events again, in other batch sizes, change nothing", async () => {
    await projectAll(db, "rm_a", events, 97);
    const once = await dumpTables(db.pool, "rm_a");
    await projectAll(db, "rm_a", events, 31);
    expect(await dumpTables(db.pool, "rm_a")).toEqual(once);
    await projectAll(db, "rm_b", events, 500);
    expect(await dumpTables(db.pool, "rm_b")).toEqual(once);
    expect(once.attempts!.length).toBeGreaterThan(100);
  });
});
