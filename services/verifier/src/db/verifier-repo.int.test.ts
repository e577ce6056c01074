import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmsChallengeRow, VerifierRepo } from "../app/ports";
import { migrateVerifierSchema } from "./migrations";
import { createPostgresVerifierRepo } from "./verifier-repo";

let db: TestDatabase;
let repo: VerifierRepo;
beforeAll(async () => {
  db = await createTestDatabase("verifier_repo");
  await migrateVerifierSchema(db.pool);
  repo = createPostgresVerifierRepo(db.pool);
});
afterAll(async () => db?.drop());

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 1);
const challenge = (id: string, expiresAtMs: number): SmsChallengeRow => ({
  challengeId: id,
  userId: "u1",
  factorId: "f-sms",
  codeMac: Buffer.alloc(32, 1),
  issuedAt: new Date(expiresAtMs - 300_000),
  expiresAt: new Date(expiresAtMs),
  providerMessageId: `m-${id}`,
});

describe("SMS challenge retention", () => {
  it("deletes only challenges expired before the cut-off, in chunks past the chunk size", async () => {
    for (let i = 0; i < 12; i++) await repo.saveSmsChallenge(challenge(`old-${i}`, T - 40 * DAY + i));
    await repo.saveSmsChallenge(challenge("recent", T - 2 * DAY));
    await repo.saveSmsChallenge(challenge("live", T + 60_000));
    // a backlog larger than one chunk
    await db.pool.query(
      `INSERT INTO verifier.sms_challenges (challenge_id, user_id, factor_id, code_mac, issued_at, expires_at)
       SELECT 'bulk-' || g, 'u2', 'f', '\\x00', $1, $1 FROM generate_series(1, 6000) g`,
      [new Date(T - 50 * DAY)],
    );
    expect(await repo.purgeSmsChallenges(new Date(T - 30 * DAY))).toBe(6012);
    const left = (await repo.recentSmsChallenges("u1", 100)).map((c) => c.challengeId).sort();
    expect(left).toEqual(["live", "recent"]);
    expect(await repo.smsChallengeByMessageId("m-old-3")).toBeNull();
    expect(await repo.purgeSmsChallenges(new Date(T - 30 * DAY))).toBe(0);
  });
});
