import { type FactorlensEvent, toStoredEvent, uuidV7 } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { nullGeoResolver } from "../geo/geo-resolver";
import { getAttempt, getUserTimeline } from "../queries/timeline";
import { useReadModelsDatabase } from "../testing/read-models-database";

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
let n = 0;
const challenge = (userId: string, passed: boolean): FactorlensEvent => {
  n++;
  return {
    eventId: uuidV7(T0 + n * 60_000, Uint8Array.of(n, 0, 0, 0, 0, 0, 0, 0, 0, 2)),
    type: passed ? "ChallengePassed" : "ChallengeFailed",
    version: passed ? 1 : 2,
    userId,
    factorId: `f-${userId}`,
    occurredAt: new Date(T0 + n * 60_000).toISOString(),
    correlationId: `c${n}`,
    actor: { kind: "user" },
    data: passed
      ? { method: "totp", attemptId: "shared-id", step: 10, offset: 0 }
      : { method: "totp", attemptId: "shared-id", reason: "code_mismatch", consecutiveFailures: 1 },
  } as FactorlensEvent;
};

describe("attempt ids belong to one user", () => {
  const { db, project } = useReadModelsDatabase("rm_attempts", "rm_att");

  it("user B reusing user A's attempt id leaves both attempts on their own timelines (same batch and across batches)", async () => {
    const events = [challenge("alice", false), challenge("bob", true), challenge("carol", false)];
    const records = events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    await project(records.slice(0, 2), { geo: nullGeoResolver });
    await project(records.slice(2), { geo: nullGeoResolver });
    const outcomes = async (user: string) =>
      (await getUserTimeline(db(), user, { first: 10 })).edges.map((e) => [e.node.attemptId, e.node.outcome]);
    expect(await outcomes("alice")).toEqual([["shared-id", "failed"]]);
    expect(await outcomes("bob")).toEqual([["shared-id", "passed"]]);
    expect(await outcomes("carol")).toEqual([["shared-id", "failed"]]);
    expect((await getAttempt(db(), "shared-id", "bob"))?.outcome).toBe("passed");
    expect((await getAttempt(db(), "shared-id", "alice"))?.userId).toBe("alice");
  });
});
