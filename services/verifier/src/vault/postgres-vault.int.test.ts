import { randomBytes } from "node:crypto";
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MasterKey } from "../config";
import { migrateVerifierSchema } from "../db/migrations";
import { auth, createHarness, del } from "../testing/harness";
import { createKeyring } from "./envelope";
import { createPostgresVault } from "./postgres-vault";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase("vault");
  await migrateVerifierSchema(db.pool);
  await migrateVerifierSchema(db.pool); // idempotent
});
afterAll(async () => db?.drop());

const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };
const day = 86_400_000;

/** A vault over the test database holding keys with activeId active, 30 days' retention. */
function vaultWith(keys: MasterKey[], activeId: string, cacheSize = 0) {
  return createPostgresVault({
    pool: db.pool,
    keyring: createKeyring(keys, activeId),
    cacheSize,
    retentionDays: 30,
  });
}

describe("PostgreSQL secret vault", () => {
  it("stores only ciphertext, retires, lists retired within retention, purges after it", async () => {
    const vault = vaultWith([k1], "k1", 10);
    const secret = randomBytes(20);
    const t0 = new Date("2026-01-01T00:00:00Z");
    await vault.put("u1", "f1", secret, t0);
    const { rows } = await db.pool.query(
      "SELECT ciphertext, key_id FROM verifier.factor_secrets WHERE factor_id = 'f1'",
    );
    expect(rows[0].key_id).toBe("k1");
    expect(Buffer.from(rows[0].ciphertext).includes(secret)).toBe(false);
    expect(Buffer.from((await vault.get("u1", "f1"))!).equals(secret)).toBe(true);
    expect(await vault.get("u2", "f1")).toBeNull(); // another user's factor id does not resolve

    await vault.retire("u1", "f1", t0);
    expect(await vault.get("u1", "f1")).toBeNull();
    const retired = await vault.listRetired("u1", new Date(t0.getTime() + 10 * day));
    expect(retired.map((r) => r.factorId)).toEqual(["f1"]);
    expect(Buffer.from(retired[0]!.secret).equals(secret)).toBe(true);
    expect(await vault.listRetired("u1", new Date(t0.getTime() + 31 * day))).toEqual([]);
    expect(await vault.purgeExpired(new Date(t0.getTime() + 31 * day))).toBe(1);
    await vault.put("u1", "sms-1", new Uint8Array(Buffer.from("+447911123456")), t0);
    await vault.erase("u1", "sms-1");
    expect(await vault.get("u1", "sms-1")).toBeNull();
    const left = await db.pool.query(
      "SELECT count(*)::int AS n FROM verifier.factor_secrets WHERE factor_id = 'sms-1'",
    );
    expect(left.rows[0].n).toBe(0);
  });

  it("rotates every ciphertext to the active key; the old key can then be removed", async () => {
    const old = vaultWith([k1], "k1");
    const secrets = Array.from({ length: 5 }, () => randomBytes(20));
    for (const [i, s] of secrets.entries()) await old.put("u9", `rot-${i}`, s, new Date());
    const both = vaultWith([k1, k2], "k2");
    expect(await both.rotate(3)).toBe(3);
    expect(await both.rotate(100)).toBe(2);
    expect(await both.rotate(100)).toBe(0);
    const onlyNew = vaultWith([k2], "k2");
    for (const [i, s] of secrets.entries())
      expect(Buffer.from((await onlyNew.get("u9", `rot-${i}`))!).equals(s)).toBe(true);
  });
});

describe("stale secret through the API", () => {
  it("a code from the disabled factor's secret is rejected and diagnosed as stale_secret", async () => {
    const h = await createHarness();
    try {
      const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
      const post = (url: string, payload: unknown, key: Parameters<typeof auth>[0] = "enroll") =>
        h.app.inject({ method: "POST", url, headers: auth(key), payload: payload as object });
      const enrollConfirm = async () => {
        const e = (await post("/v1/users/sam/factors", { method: "totp" })).json();
        const s = decodeBase32(e.secret);
        await post(`/v1/users/sam/factors/${e.factorId}/confirm`, {
          code: totpCode(s, P, totpStep(h.clock.now(), 30)),
        });
        return { factorId: e.factorId as string, code: () => totpCode(s, P, totpStep(h.clock.now(), 30)) };
      };
      const a = await enrollConfirm();
      h.clock.advance(30_000);
      expect((await post("/v1/verify", { userId: "sam", code: a.code() }, "verify")).json().accepted).toBe(
        true,
      );
      const disabled = await del(h, `/v1/users/sam/factors/${a.factorId}`, "enroll");
      expect(disabled.statusCode).toBe(200);
      h.clock.advance(30_000);
      await enrollConfirm();
      h.clock.advance(30_000);
      const stale = await post(
        "/v1/verify",
        { userId: "sam", code: a.code(), attemptId: "stale-1" },
        "verify",
      );
      expect(stale.json()).toMatchObject({ accepted: false, reason: "invalid_code" });
      await h.app.drainBackground();
      const diag = (await h.store.readStream(userStreamId("sam"))).find(
        (e) => e.type === "MismatchDiagnosed",
      );
      expect(diag?.data).toMatchObject({
        data: { attemptId: "stale-1", diagnosis: { pattern: "stale_secret" } },
      });
    } finally {
      await h.close();
    }
  });
});
