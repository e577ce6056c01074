/**
 * Edges an operator or a client developer meets: a duplicate JSON key is refused (never "last one
 * wins"), a permission refusal is a 403 naming the actor needed, ids the schema allows are routed,
 * and the key the quick start prints (verify+enroll+admin) can run every call it shows.
 */
import { describe, expect, it } from "vitest";
import { activeTotp, auth } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness();

const post = (
  url: string,
  payload: string | Record<string, unknown>,
  key: Parameters<typeof auth>[0] = "admin",
) =>
  h.app.inject({
    method: "POST",
    url,
    headers: { ...auth(key), "content-type": "application/json" },
    payload,
  });

describe("verifier contract edges", () => {
  it("refuses a body with a duplicate key, naming it, and does not verify either value", async () => {
    const { code } = await activeTotp(h, "dup-key");
    h.clock.advance(30_000);
    const res = await post("/v1/verify", `{"userId":"dup-key","code":"000000","code":"${code()}"}`, "verify");
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain('duplicate key "code"');
    expect(res.body).not.toContain(code());
    const nested = await post(
      "/v1/verify",
      '{"userId":"dup-key","code":"1","context":{"ip":"1.2.3.4","ip":"5.6.7.8"}}',
      "verify",
    );
    expect(nested.statusCode).toBe(400);
    expect(nested.json().detail).toContain('duplicate key "ip"');
    const ok = await post(
      "/v1/verify",
      `{"userId":"dup-key","code":"${code()}","context":{"ip":"1.2.3.4"}}`,
      "verify",
    );
    expect(ok.json()).toMatchObject({ accepted: true });
  });

  it("lets the quick start's verify+enroll+admin key issue recovery codes for the user", async () => {
    const { code } = await activeTotp(h, "rc-admin");
    h.clock.advance(30_000);
    expect((await post("/v1/verify", { userId: "rc-admin", code: code() }, "verify")).json().accepted).toBe(
      true,
    );
    const issued = await post("/v1/users/rc-admin/recovery-codes", {}, "admin");
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().codes).toHaveLength(10);
  });

  it("answers a permission refusal with 403 naming the actor needed", async () => {
    await activeTotp(h, "self-unlock");
    // HOTP import needs the admin scope: a 403 problem that says so
    const res = await post(
      "/v1/users/self-unlock/factors",
      { method: "hotp", secret: "JBSWY3DPEHPK3PXP", counter: 5 },
      "enroll",
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/admin/);
  });

  it("routes every id the schema allows (up to 128 characters), never a 414", async () => {
    const id = "u".repeat(128);
    const res = await post(`/v1/users/${id}/sms-challenges`, {}, "verify");
    expect(res.statusCode).not.toBe(414);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).not.toBe("Not found"); // the route answered, not the not-found handler
  });
});
