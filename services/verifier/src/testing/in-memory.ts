/**
 * The verifier composed on in-memory ports (the in-memory event store, a vault and a repo held in
 * maps), for HTTP unit tests that send thousands of requests: no database, so no I/O but the
 * app's own. The same controllable clock and SMS sink as the PostgreSQL harness.
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, isStorableText } from "@factorlens/domain";
import { createInMemoryEventStore } from "@factorlens/event-store";
import type { SecretVault, SmsChallengeRow, VerifierRepo } from "../app/ports";
import type { RecoveryCodeSet } from "../recovery/recovery-codes";
import { composeTestVerifier, type TestVerifier, testConfig } from "./harness";

/** PostgreSQL's text refuses what the event store refuses: a fake that accepts it would hide a 500. */
const text = (...values: string[]) => {
  for (const v of values) if (!isStorableText(v)) throw new Error("unstorable text in a row");
};

export function createInMemoryVerifierRepo(): VerifierRepo {
  const recovery = new Map<string, RecoveryCodeSet>();
  const sms = new Map<string, SmsChallengeRow>();
  return {
    async saveRecoveryCodes(userId, batchId, set) {
      text(userId, batchId);
      recovery.set(`${userId} ${batchId}`, set);
    },
    async loadRecoveryCodes(userId, batchId) {
      return recovery.get(`${userId} ${batchId}`) ?? null;
    },
    async saveSmsChallenge(row) {
      text(row.challengeId, row.userId, row.factorId);
      if (sms.has(row.challengeId)) throw new Error("duplicate challenge id");
      sms.set(row.challengeId, { ...row });
    },
    async setSmsMessageId(challengeId, providerMessageId) {
      const row = sms.get(challengeId);
      if (row) row.providerMessageId = providerMessageId;
    },
    async recentSmsChallenges(userId, limit) {
      return [...sms.values()]
        .filter((r) => r.userId === userId)
        .sort(
          (a, b) => b.issuedAt.getTime() - a.issuedAt.getTime() || (a.challengeId < b.challengeId ? 1 : -1),
        )
        .slice(0, limit)
        .map((r) => ({ ...r }));
    },
    async smsChallengeByMessageId(id) {
      const row = [...sms.values()].find((r) => r.providerMessageId === id);
      return row ? { ...row } : null;
    },
    async purgeSmsChallenges(before) {
      let n = 0;
      for (const [id, r] of sms) if (r.expiresAt < before && sms.delete(id)) n++;
      return n;
    },
    async ping() {},
  };
}

export function createInMemoryVault(retentionDays = 30): SecretVault {
  const rows = new Map<
    string,
    { userId: string; factorId: string; secret: Uint8Array; retiredAt: Date | null }
  >();
  const key = (userId: string, factorId: string) => `${userId} ${factorId}`;
  return {
    async put(userId, factorId, secret) {
      text(userId, factorId);
      if (rows.has(key(userId, factorId))) throw new Error("duplicate factor secret");
      rows.set(key(userId, factorId), { userId, factorId, secret, retiredAt: null });
    },
    async get(userId, factorId) {
      const r = rows.get(key(userId, factorId));
      return r && r.retiredAt === null ? r.secret : null;
    },
    async retire(userId, factorId, now) {
      const r = rows.get(key(userId, factorId));
      if (r && r.retiredAt === null) r.retiredAt = now;
    },
    async erase(userId, factorId) {
      rows.delete(key(userId, factorId));
    },
    async listRetired(userId, now) {
      const since = now.getTime() - retentionDays * 86_400_000;
      return [...rows.values()]
        .filter((r) => r.userId === userId && r.retiredAt !== null && r.retiredAt.getTime() > since)
        .sort((a, b) => b.retiredAt!.getTime() - a.retiredAt!.getTime())
        .slice(0, 20)
        .map((r) => ({ factorId: r.factorId, secret: r.secret, retiredAt: r.retiredAt! }));
    },
    async rotate() {
      return 0;
    },
    async purgeExpired() {
      return 0;
    },
  };
}

export interface InMemoryHarness extends TestVerifier {
  close(): Promise<void>;
}

export async function createInMemoryHarness(
  opts: { env?: Record<string, string> } = {},
): Promise<InMemoryHarness> {
  const config = testConfig({ LOG_LEVEL: "warn", ...opts.env });
  const verifier = await composeTestVerifier(config, config.logLevel, (clock) => ({
    store: createInMemoryEventStore({ now: () => new Date(clock.now()) }),
    vault: createInMemoryVault(config.retiredSecretRetentionDays),
    repo: createInMemoryVerifierRepo(),
    newId: createUuidV7Generator({ now: clock.now, randomBytes: (n) => randomBytes(n) }),
  }));
  return {
    ...verifier,
    async close() {
      await verifier.app.close();
      await verifier.store.close();
    },
  };
}
