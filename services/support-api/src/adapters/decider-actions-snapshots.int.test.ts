/**
 * Support actions load the user's state through the snapshot store (the verifier's fold and
 * version) instead of replaying the whole stream, and leave a snapshot behind on long streams.
 */
import { type FactorlensEvent, toStoredEvent, USER_STATE_SNAPSHOT_VERSION } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { newId, useTestEventStore } from "../testing/pg-event-store";
import { createDeciderSupportActions } from "./decider-actions";

const pg = useTestEventStore("support_snapshots");
const NOW = new Date("2026-11-26T12:00:00Z");
const agent = { agentId: "agent-1", ticket: "ZD-1", roles: ["lead"] } as never;

const envelope = (userId: string, minute: number) => ({
  eventId: newId(),
  userId,
  occurredAt: new Date(NOW.getTime() - 3_600_000 + minute * 1000).toISOString(),
  correlationId: newId(),
  actor: { kind: "user" as const },
});

/** A TOTP user with `failures` non-counted failures, then locked out until after NOW. */
function history(userId: string, failures: number): FactorlensEvent[] {
  const factorId = "f-totp";
  const events = [
    {
      ...envelope(userId, 0),
      type: "FactorEnrollmentStarted",
      version: 1,
      factorId,
      data: {
        method: "totp",
        params: { algorithm: "SHA1", digits: 6, period: 30 },
        secretFingerprint: "sha256:0123456789abcdef",
      },
    },
    {
      ...envelope(userId, 1),
      type: "FactorEnrollmentConfirmed",
      version: 1,
      factorId,
      data: { method: "totp", acceptedStep: 1, offset: 0 },
    },
    ...Array.from({ length: failures }, (_, i) => ({
      ...envelope(userId, 2 + i),
      type: "ChallengeFailed",
      version: 2,
      factorId,
      data: { method: "totp", attemptId: `a${i}`, reason: "expired", consecutiveFailures: 0 },
    })),
    {
      ...envelope(userId, 3 + failures),
      type: "LockedOut",
      version: 1,
      data: { until: new Date(NOW.getTime() + 600_000).toISOString(), failures: 5, lockoutNumber: 1 },
    },
  ];
  return events as FactorlensEvent[];
}

async function snapshotOf(userId: string, atLeast: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await pg.store.snapshots!.readFromSnapshot(userStreamId(userId), USER_STATE_SNAPSHOT_VERSION);
    if ((r.snapshot && r.snapshot.revision >= atLeast) || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 10));
  }
}

describe("support actions on snapshots", () => {
  it("decide on snapshot + tail and leave a snapshot on a long stream", async () => {
    const actions = createDeciderSupportActions({
      eventStore: pg.store,
      clock: { now: () => NOW },
      newId,
      snapshotEvery: 16,
    });
    const events = history("long-1", 40);
    await pg.store.appendToStream(userStreamId("long-1"), events.map(toStoredEvent), {
      expectedRevision: "no_stream",
    });
    const unlocked = await actions.unlockUser(agent, "long-1", { reason: "identity verified" });
    if (!unlocked.ok) throw new Error("unlock refused");
    const after = await snapshotOf("long-1", unlocked.revision);
    expect(after.snapshot?.revision).toBe(unlocked.revision); // the action's last event
    expect(
      (after.snapshot!.state as { lockout: { lockedUntil: string | null } }).lockout.lockedUntil,
    ).toBeNull();
    expect(after.events).toEqual([]);
    // the next action decides from the snapshot: the user is no longer locked, so unlocking again changes nothing
    expect(await actions.unlockUser(agent, "long-1", { reason: "twice" })).toMatchObject({
      ok: true,
      eventIds: [],
    });
    expect(await actions.resetDrift(agent, "long-1", { factorId: "f-totp" })).toMatchObject({ ok: true });
  });

  it("an unknown user is still NOT_FOUND", async () => {
    const actions = createDeciderSupportActions({ eventStore: pg.store, clock: { now: () => NOW }, newId });
    expect(await actions.unlockUser(agent, "nobody", { reason: "r" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });
});
