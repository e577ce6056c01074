/**
 * Cache misses load through a state snapshot: with the state cache off, every verification
 * reads the store; snapshots are taken every 4 events, and a miss folds only the events after one.
 */
import { randomBytes } from "node:crypto";
import { encodeBase32, hotpCode, USER_STATE_SNAPSHOT_VERSION } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { auth } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness({
  env: { FACTORLENS_STATE_CACHE_SIZE: "0", FACTORLENS_STATE_SNAPSHOT_EVERY: "4" },
});

const P = { algorithm: "SHA1", digits: 6 } as const;
const post = (url: string, payload: object, key: Parameters<typeof auth>[0] = "admin") =>
  h.app.inject({ method: "POST", url, headers: auth(key), payload });

async function enrollHotp(userId: string, secret: Buffer) {
  const { factorId } = (
    await post(`/v1/users/${userId}/factors`, { method: "hotp", secret: encodeBase32(secret) })
  ).json();
  await post(`/v1/users/${userId}/factors/${factorId}/confirm`, { code: hotpCode(secret, P, 0) }, "enroll");
  return factorId as string;
}

/** The stored snapshot, once the background write has landed (bounded wait). */
async function snapshotAt(userId: string, atLeast: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { snapshot } = await h.store.snapshots!.readFromSnapshot(
      userStreamId(userId),
      USER_STATE_SNAPSHOT_VERSION,
    );
    if ((snapshot && snapshot.revision >= atLeast) || Date.now() > deadline) return snapshot;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("state snapshots", () => {
  it("stores a snapshot as the stream grows and folds only the events after it on a miss", async () => {
    const secret = randomBytes(20);
    const factorId = await enrollHotp("snap-1", secret);
    for (let c = 1; c <= 6; c++) {
      expect(
        (await post("/v1/verify", { userId: "snap-1", code: hotpCode(secret, P, c) }, "verify")).json()
          .accepted,
      ).toBe(true);
    }
    const snapshot = await snapshotAt("snap-1", 4);
    expect(snapshot?.revision).toBeGreaterThanOrEqual(4);
    const state = snapshot!.state as { factors: Record<string, { hotpCounter: number }> };
    expect(state.factors[factorId]!.hotpCounter).toBe(snapshot!.revision); // code c passed at revision c+1
    const read = await h.store.snapshots!.readFromSnapshot(
      userStreamId("snap-1"),
      USER_STATE_SNAPSHOT_VERSION,
    );
    expect(read.events.length).toBeLessThan(4);
    // replay protection and the counter hold through the snapshot: an old code is refused, the next accepted
    expect(
      (await post("/v1/verify", { userId: "snap-1", code: hotpCode(secret, P, 6) }, "verify")).json()
        .accepted,
    ).toBe(false);
    expect(
      (await post("/v1/verify", { userId: "snap-1", code: hotpCode(secret, P, 7) }, "verify")).json()
        .accepted,
    ).toBe(true);
  });

  it("a snapshot of another fold version is not read", async () => {
    const secret = randomBytes(20);
    const factorId = await enrollHotp("snap-2", secret);
    const stream = userStreamId("snap-2");
    const events = await h.store.readStream(stream);
    const last = events.at(-1)!;
    // a snapshot written by another fold, claiming a counter far ahead
    await h.store.snapshots!.save(stream, {
      version: "user-state-0000000000000000",
      revision: last.revision,
      eventId: last.id,
      state: { bogus: true },
    });
    expect(
      (await post("/v1/verify", { userId: "snap-2", code: hotpCode(secret, P, 1) }, "verify")).json()
        .accepted,
    ).toBe(true);
    expect(factorId).toBeTruthy();
  });

  it("a miss reads the store once per verification (no second load before the append)", async () => {
    const secret = randomBytes(20);
    await enrollHotp("snap-3", secret);
    const reads = { n: 0 };
    const original = h.store.snapshots!.readFromSnapshot;
    h.store.snapshots!.readFromSnapshot = (...args) => {
      reads.n++;
      return original(...args);
    };
    try {
      expect(
        (await post("/v1/verify", { userId: "snap-3", code: hotpCode(secret, P, 1) }, "verify")).json()
          .accepted,
      ).toBe(true);
    } finally {
      h.store.snapshots!.readFromSnapshot = original;
    }
    expect(reads.n).toBe(1);
  });
});
