import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type StoredEvent, toStoredEvent } from "../events";
import { eventsAbout, iso, lockedOut, nat, totpFailed, unlocked } from "./event-arbitraries";
import { evolve } from "./evolve";
import { ev } from "./given-when-then";
import { deriveSnapshotVersion, USER_STATE_SNAPSHOT_VERSION } from "./snapshot-version";
import { initialState, type UserState } from "./state";
import { userStateFold } from "./user-state-fold";

const factorId = fc.constantFrom("factor-1", "factor-h", "factor-s");
const stored = <T>(a: fc.Arbitrary<T>) => a.map((e) => toStoredEvent(e as never));

/** A ChallengeFailed as a v1 writer stored it: read back through the upcaster. */
const v1Failed = fc.constantFrom("invalid_code", "replayed", "expired", "locked").map((reason) => {
  const s = toStoredEvent(
    ev("ChallengeFailed", {
      method: "totp",
      attemptId: "a",
      reason: "code_mismatch",
      consecutiveFailures: 1,
    }),
  );
  const { consecutiveFailures: _, ...data } = s.data.data as Record<string, never>;
  return {
    ...s,
    data: { ...s.data, version: 1, data: { ...data, reason } },
    metadata: { ...s.metadata, schemaVersion: 1 },
  } as StoredEvent;
});

const about = eventsAbout(factorId);

/** Stored records of random histories, in any order, upcast ones included. */
const anyRecord: fc.Arbitrary<StoredEvent> = fc.oneof(
  stored(about.started(2)),
  stored(
    fc
      .tuple(factorId, nat)
      .map(([f, n]) =>
        ev("FactorEnrollmentConfirmed", { method: "totp", acceptedStep: n, offset: 1 }, { factorId: f }),
      ),
  ),
  stored(
    fc
      .tuple(factorId, nat)
      .map(([f, s]) =>
        ev("ChallengePassed", { method: "totp", attemptId: "a", step: s, offset: -1 }, { factorId: f }),
      ),
  ),
  stored(about.hotpPassed),
  stored(totpFailed("code_mismatch", "expired", "no_active_factor")),
  v1Failed,
  v1Failed,
  stored(lockedOut),
  stored(unlocked),
  stored(about.driftLearned(fc.integer({ min: -3, max: 3 }))),
  stored(about.hotpResynced),
  stored(about.reset),
  stored(about.secretRotated),
  stored(
    nat.map((i) =>
      ev(
        "RecoveryCodeUsed",
        { batchId: "b", index: i % 5, attemptId: "a", remaining: 0 },
        { factorId: null },
      ),
    ),
  ),
  stored(fc.constant(ev("RecoveryCodesIssued", { batchId: "b", count: 5 }, { factorId: null }))),
  stored(
    fc
      .tuple(fc.constantFrom("c1", "c2"), iso)
      .map(([c, exp]) =>
        ev(
          "ChallengeIssued",
          { method: "sms", attemptId: "a", challengeId: c, expiresAt: exp },
          { factorId: "factor-s" },
        ),
      ),
  ),
  stored(
    fc
      .constantFrom("c1", "c2")
      .map((c) => ev("SmsDelivered", { challengeId: c, provider: "p" }, { factorId: "factor-s" })),
  ),
);

const fold = (records: readonly StoredEvent[], from: UserState = userStateFold.initial()) =>
  records.reduce(userStateFold.evolve, from);

describe("user-state snapshots", () => {
  it("a state loaded through a snapshot (stored as JSON) equals the fold from revision 0", () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 60 }), fc.nat(), (records, cut) => {
        const at = records.length === 0 ? 0 : cut % (records.length + 1);
        // what the store keeps: the JSON text of the state at the cut
        const snapshot = JSON.parse(JSON.stringify(userStateFold.toJson(fold(records.slice(0, at)))));
        const loaded = fold(records.slice(at), userStateFold.fromJson(snapshot));
        expect(loaded).toStrictEqual(fold(records));
      }),
      { numRuns: 400 },
    );
  });

  it("the version changes with the state's shape or evolve's behaviour, so old snapshots are not read", () => {
    // what the integrity work does: a new field in the state (a guess budget), counted in evolve
    const withBudget = {
      initialState: () => ({ ...initialState(), guessBudget: 10 }) as UserState,
      evolve,
    };
    expect(deriveSnapshotVersion(withBudget)).not.toBe(USER_STATE_SNAPSHOT_VERSION);
    // same source, other behaviour (a rule moved into a helper evolve calls)
    const wrapped = (s: UserState, e: Parameters<typeof evolve>[1]) => evolve(s, e);
    const lockoutTwice = (s: UserState, e: Parameters<typeof evolve>[1]) =>
      e.type === "LockedOut" ? evolve(evolve(s, e), e) : evolve(s, e);
    expect(deriveSnapshotVersion({ initialState, evolve: lockoutTwice })).not.toBe(
      deriveSnapshotVersion({ initialState, evolve: wrapped }),
    );
  });

  it("the version is stable for one build and names the fold", () => {
    expect(deriveSnapshotVersion()).toBe(USER_STATE_SNAPSHOT_VERSION);
    expect(USER_STATE_SNAPSHOT_VERSION).toMatch(/^user-state-[0-9a-f]{16}$/);
  });
});
