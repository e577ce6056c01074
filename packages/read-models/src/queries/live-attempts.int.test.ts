import { toStoredEvent } from "@factorlens/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createIpLocationDbResolver } from "../geo/geo-resolver";
import { generateUser } from "../testing";
import { useReadModelsDatabase } from "../testing/read-models-database";
import { liveAttempts } from "./live-attempts";
import { getAttempt } from "./timeline";

/** Instants in one notation (PostgreSQL writes +00:00, JavaScript Z). */
const utc = (v: unknown) =>
  JSON.parse(JSON.stringify(v), (_k, x) =>
    typeof x === "string" && /^\d{4}-\d\d-\d\dT/.test(x) ? new Date(x).toISOString() : x,
  );

describe("liveAttempts", () => {
  const geo = createIpLocationDbResolver();
  const { db, project } = useReadModelsDatabase("rm_live_fold", "rm_live_fold");

  it("folds the events after the stored rows to what the projector stores after them, wherever the split", async () => {
    let user = 0;
    let position = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (seed, cut) => {
          const { events } = generateUser(user++, Date.UTC(2026, 9, 1), seed);
          const stored = events.map((e) => ({ ...toStoredEvent(e), position: BigInt(++position) }));
          const k = Math.floor(cut * stored.length);
          await project(stored.slice(0, k), { geo });
          const rest = stored
            .slice(k)
            .map((s, i) => ({ event: events[k + i]!, id: s.id, position: Number(s.position) }));
          const live = await liveAttempts(db(), rest, { geo });
          await project(stored.slice(k), { geo });
          for (const a of live) expect(utc(a)).toEqual(utc(await getAttempt(db(), a.attemptId, a.userId)));
          // and every attempt the rest touched is among them
          const touched = new Set(
            rest.flatMap((r) => ("attemptId" in r.event.data ? [r.event.data.attemptId] : [])),
          );
          for (const id of touched) {
            const row = await getAttempt(db(), String(id), events[0]!.userId);
            if (row) expect(live.map((a) => a.attemptId)).toContain(row.attemptId);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
