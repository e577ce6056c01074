/** SecretVault on the verifier's own PostgreSQL table, with a bounded LRU of decrypted secrets. */
import type pg from "pg";
import type { RetiredSecret, SecretVault } from "../app/ports";
import { guardedQuery } from "../db/guarded-query";
import { Lru } from "../lru";
import { type Keyring, secretAad } from "./envelope";

interface Row {
  id: string;
  factor_id: string;
  user_id: string;
  key_id: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  retired_at: Date | null;
}

export interface PostgresVaultOptions {
  pool: pg.Pool;
  keyring: Keyring;
  cacheSize: number;
  retentionDays: number;
}

export function createPostgresVault(opts: PostgresVaultOptions): SecretVault {
  const { pool, keyring } = opts;
  const q = guardedQuery(pool, "the secret vault database is unavailable");
  const cache = new Lru<string, Uint8Array>(opts.cacheSize);
  const retentionMs = opts.retentionDays * 86_400_000;
  const ck = (userId: string, factorId: string) => `${userId}\u0000${factorId}`;
  const open = (r: Row) =>
    keyring.open(
      { keyId: r.key_id, iv: r.iv, ciphertext: r.ciphertext, tag: r.tag },
      secretAad(r.user_id, r.factor_id),
    );

  return {
    async put(userId, factorId, secret, now) {
      const s = keyring.seal(secret, secretAad(userId, factorId));
      await q(
        `INSERT INTO verifier.factor_secrets (factor_id, user_id, key_id, iv, ciphertext, tag, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [factorId, userId, s.keyId, s.iv, s.ciphertext, s.tag, now],
      );
      cache.set(ck(userId, factorId), secret);
    },
    async get(userId, factorId) {
      const hit = cache.get(ck(userId, factorId));
      if (hit) return hit;
      const { rows } = await q<Row>(
        "SELECT * FROM verifier.factor_secrets WHERE factor_id = $1 AND user_id = $2 AND retired_at IS NULL",
        [factorId, userId],
      );
      const row = rows[0];
      if (!row) return null;
      const secret = open(row);
      cache.set(ck(userId, factorId), secret);
      return secret;
    },
    async retire(userId, factorId, now) {
      cache.delete(ck(userId, factorId));
      await q(
        "UPDATE verifier.factor_secrets SET retired_at = $3 WHERE factor_id = $1 AND user_id = $2 AND retired_at IS NULL",
        [factorId, userId, now],
      );
    },
    async erase(userId, factorId) {
      cache.delete(ck(userId, factorId));
      await q("DELETE FROM verifier.factor_secrets WHERE factor_id = $1 AND user_id = $2", [
        factorId,
        userId,
      ]);
    },
    async listRetired(userId, now) {
      const { rows } = await q<Row>(
        `SELECT * FROM verifier.factor_secrets WHERE user_id = $1 AND retired_at IS NOT NULL AND retired_at > $2
         ORDER BY retired_at DESC LIMIT 20`,
        [userId, new Date(now.getTime() - retentionMs)],
      );
      return rows.map(
        (r): RetiredSecret => ({ factorId: r.factor_id, secret: open(r), retiredAt: r.retired_at! }),
      );
    },
    async rotate(batch) {
      const { rows } = await q<Row>("SELECT * FROM verifier.factor_secrets WHERE key_id <> $1 LIMIT $2", [
        keyring.activeKeyId,
        batch,
      ]);
      for (const r of rows) {
        const s = keyring.seal(open(r), secretAad(r.user_id, r.factor_id));
        await q(
          "UPDATE verifier.factor_secrets SET key_id = $2, iv = $3, ciphertext = $4, tag = $5 WHERE id = $1 AND key_id = $6",
          [r.id, s.keyId, s.iv, s.ciphertext, s.tag, r.key_id],
        );
      }
      return rows.length;
    },
    async purgeExpired(now) {
      const res = await q(
        "DELETE FROM verifier.factor_secrets WHERE retired_at IS NOT NULL AND retired_at <= $1",
        [new Date(now.getTime() - retentionMs)],
      );
      return res.rowCount ?? 0;
    },
  };
}
