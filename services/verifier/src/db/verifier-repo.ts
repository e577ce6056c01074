/**
 * The verifier's non-secret-vault rows: recovery code hashes (one set per user) and SMS challenges
 * (code held only as an HMAC). Plain parameterised SQL on the `verifier` schema.
 */
import type pg from "pg";
import type { SmsChallengeRow, VerifierRepo } from "../app/ports";
import { guardedQuery } from "./guarded-query";

interface SmsRow {
  challenge_id: string;
  user_id: string;
  factor_id: string;
  code_mac: Buffer;
  issued_at: Date;
  expires_at: Date;
  provider_message_id: string | null;
}
const toSms = (r: SmsRow): SmsChallengeRow => ({
  challengeId: r.challenge_id,
  userId: r.user_id,
  factorId: r.factor_id,
  codeMac: r.code_mac,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  providerMessageId: r.provider_message_id,
});

const PURGE_CHUNK = 5_000;

export function createPostgresVerifierRepo(pool: pg.Pool): VerifierRepo {
  const q = guardedQuery(pool, "the verifier database is unavailable");
  return {
    async saveRecoveryCodes(userId, batchId, set, now) {
      await q(
        "INSERT INTO verifier.recovery_code_sets (user_id, batch_id, salt, hashes, issued_at) VALUES ($1, $2, $3, $4, $5)",
        [userId, batchId, set.salt, set.hashes, now],
      );
    },
    async loadRecoveryCodes(userId, batchId) {
      const { rows } = await q<{ salt: Buffer; hashes: Buffer[] }>(
        "SELECT salt, hashes FROM verifier.recovery_code_sets WHERE user_id = $1 AND batch_id = $2",
        [userId, batchId],
      );
      const r = rows[0];
      return r ? { salt: r.salt, hashes: r.hashes } : null;
    },
    async saveSmsChallenge(c) {
      await q(
        `INSERT INTO verifier.sms_challenges (challenge_id, user_id, factor_id, code_mac, issued_at, expires_at, provider_message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [c.challengeId, c.userId, c.factorId, c.codeMac, c.issuedAt, c.expiresAt, c.providerMessageId],
      );
    },
    async setSmsMessageId(challengeId, providerMessageId) {
      await q("UPDATE verifier.sms_challenges SET provider_message_id = $2 WHERE challenge_id = $1", [
        challengeId,
        providerMessageId,
      ]);
    },
    async recentSmsChallenges(userId, limit) {
      const { rows } = await q<SmsRow>(
        "SELECT * FROM verifier.sms_challenges WHERE user_id = $1 ORDER BY issued_at DESC, challenge_id DESC LIMIT $2",
        [userId, limit],
      );
      return rows.map(toSms);
    },
    async smsChallengeByMessageId(id) {
      const { rows } = await q<SmsRow>(
        "SELECT * FROM verifier.sms_challenges WHERE provider_message_id = $1",
        [id],
      );
      return rows[0] ? toSms(rows[0]) : null;
    },
    async purgeSmsChallenges(before) {
      let total = 0;
      for (;;) {
        // in chunks, so a long backlog never holds one long transaction
        const { rowCount } = await q(
          `DELETE FROM verifier.sms_challenges WHERE challenge_id IN (
             SELECT challenge_id FROM verifier.sms_challenges WHERE expires_at < $1 LIMIT $2)`,
          [before, PURGE_CHUNK],
        );
        total += rowCount ?? 0;
        if ((rowCount ?? 0) < PURGE_CHUNK) return total;
      }
    },
    async ping() {
      await q("SELECT 1");
    },
  };
}
