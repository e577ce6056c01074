import { randomBytes } from "node:crypto";
import { decodeBase32, encodeBase32, hotpCode, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { lastSmsCode, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness();

const types = async (userId: string) => (await h.store.readStream(userStreamId(userId))).map((e) => e.type);

describe("HOTP hardware token", () => {
  const secret = randomBytes(20);
  const P = { algorithm: "SHA1", digits: 6 } as const;
  const code = (c: number) => hotpCode(secret, P, c);
  /** Imports the token for hank with the API key of `key`. */
  const importToken = (key: "enroll" | "admin") =>
    post(h, "/v1/users/hank/factors", { method: "hotp", secret: encodeBase32(secret) }, key);

  it("import needs the admin scope", async () => {
    const res = await importToken("enroll");
    expect(res.statusCode).toBe(403);
  });

  it("accepts within the look-ahead, advances the counter, and resyncs from two consecutive codes", async () => {
    const res = await importToken("admin");
    expect(res.statusCode).toBe(201);
    expect(res.json().secret).toBeUndefined();
    const { factorId } = res.json();
    expect(
      (await post(h, `/v1/users/hank/factors/${factorId}/confirm`, { code: code(0) }, "enroll")).json()
        .confirmed,
    ).toBe(true);

    expect((await post(h, "/v1/verify", { userId: "hank", code: code(5) })).json().accepted).toBe(true); // look-ahead 10
    expect((await post(h, "/v1/verify", { userId: "hank", code: code(3) })).json().accepted).toBe(false); // behind the counter
    expect((await post(h, "/v1/verify", { userId: "hank", code: code(40) })).json().accepted).toBe(false); // beyond look-ahead

    const resync = await post(
      h,
      `/v1/users/hank/factors/${factorId}/resync`,
      { code1: code(40), code2: code(41) },
      "enroll",
    );
    expect(resync.json()).toEqual({ factorId, resynced: true });
    expect((await post(h, "/v1/verify", { userId: "hank", code: code(42) })).json().accepted).toBe(true);
    expect(await types("hank")).toContain("HotpResynced");
  });

  it("starts an imported token at its current counter: codes behind it are refused, the next one confirms", async () => {
    const res = await post(
      h,
      "/v1/users/ines/factors",
      { method: "hotp", secret: encodeBase32(secret), counter: 500 },
      "admin",
    );
    expect(res.statusCode).toBe(201);
    const { factorId } = res.json();
    const confirm = (c: number) =>
      post(h, `/v1/users/ines/factors/${factorId}/confirm`, { code: code(c) }, "enroll");
    expect((await confirm(0)).json().confirmed).toBe(false); // a used code from the token's past
    expect((await confirm(500)).json().confirmed).toBe(true);
    expect((await post(h, "/v1/verify", { userId: "ines", code: code(501) })).json().accepted).toBe(true);
  });
});

describe("SMS", () => {
  it("sends a confirmation code on enrollment, then login codes; a receipt is recorded; an expired code is refused", async () => {
    const enrolled = await post(
      h,
      "/v1/users/sara/factors",
      { method: "sms", phone: "+447911123456" },
      "enroll",
    );
    expect(enrolled.statusCode).toBe(201);
    const { factorId, maskedPhone } = enrolled.json();
    expect(maskedPhone).not.toContain("7911123456");
    expect(h.sms.at(-1)?.to).toBe("+447911123456");
    const confirm = await post(
      h,
      `/v1/users/sara/factors/${factorId}/confirm`,
      { code: lastSmsCode(h) },
      "enroll",
    );
    expect(confirm.json().confirmed).toBe(true);

    const sent = await post(h, "/v1/users/sara/sms-challenges", { attemptId: "login-1" });
    expect(sent.statusCode).toBe(201);
    const challenge = sent.json();
    expect(challenge).toMatchObject({ factorId, attemptId: "login-1" });
    // Without a method, a user whose only active factor is SMS is checked against their SMS code.
    const ok = await post(h, "/v1/verify", { userId: "sara", code: lastSmsCode(h) });
    expect(ok.json()).toMatchObject({ accepted: true, method: "sms" });
    const again = await post(h, "/v1/verify", { userId: "sara", method: "sms", code: lastSmsCode(h) });
    expect(again.json()).toMatchObject({ accepted: false, reason: "invalid_code" });

    const dispatched = (await h.store.readStream(userStreamId("sara")))
      .filter((e) => e.type === "SmsDispatched")
      .map(
        (e) =>
          e.data.data as { messageId: string; country: string; numberPrefix: string; numberType: string },
      );
    // Read from the full number with libphonenumber (07911 is a Guernsey mobile range): prefix = code + 2 digits.
    expect(dispatched.at(-1)).toMatchObject({ country: "GG", numberType: "mobile", numberPrefix: "+4479" });
    const messageId = dispatched.at(-1)?.messageId;
    const receipt = await post(h, "/v1/sms/receipts", { messageId, status: "delivered" }, "admin");
    expect(receipt.json()).toEqual({ recorded: true });
    expect(await types("sara")).toContain("SmsDelivered");
    expect(
      (await post(h, "/v1/sms/receipts", { messageId: "unknown", status: "delivered" }, "admin")).statusCode,
    ).toBe(202);
    expect((await post(h, "/v1/sms/receipts", { messageId, status: "delivered" }, "verify")).statusCode).toBe(
      403,
    );

    await post(h, "/v1/users/sara/sms-challenges", {});
    h.clock.advance(h.config.sms.codeTtlSeconds * 1000 + 1000);
    const expired = await post(h, "/v1/verify", { userId: "sara", method: "sms", code: lastSmsCode(h) });
    expect(expired.json()).toMatchObject({ accepted: false, reason: "invalid_code" });
    expect(await types("sara")).toContain("SmsCodeExpired");
  });

  it("rejects a phone number that is not E.164, naming the field", async () => {
    const res = await post(h, "/v1/users/sara2/factors", { method: "sms", phone: "07911 123456" }, "enroll");
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json().errors[0].field).toBe("body.phone");
    expect(res.body).not.toContain("07911");
  });
});

describe("recovery codes", () => {
  it("issues 10 codes after a fresh verification; each works once", async () => {
    const enrolled = (await post(h, "/v1/users/rita/factors", { method: "totp" }, "enroll")).json();
    const secret = decodeBase32(enrolled.secret);
    const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
    const code = () => totpCode(secret, P, totpStep(h.clock.now(), 30));
    await post(h, `/v1/users/rita/factors/${enrolled.factorId}/confirm`, { code: code() }, "enroll");
    h.clock.advance(10 * 60_000);
    expect((await post(h, "/v1/users/rita/recovery-codes", {}, "enroll")).statusCode).toBe(403);
    expect((await post(h, "/v1/verify", { userId: "rita", code: code() })).json().accepted).toBe(true);

    const issued = await post(h, "/v1/users/rita/recovery-codes", {}, "enroll");
    expect(issued.statusCode).toBe(201);
    expect(issued.headers["cache-control"]).toBe("no-store");
    const { codes } = issued.json() as { codes: string[] };
    expect(codes).toHaveLength(10);
    const use = (c: string) => post(h, "/v1/verify", { userId: "rita", method: "recovery", code: c });
    expect((await use(codes[2]!)).json()).toMatchObject({ accepted: true, method: "recovery" });
    expect((await use(codes[2]!)).json()).toMatchObject({ accepted: false, reason: "invalid_code" });
    expect((await use(codes[5]!.toUpperCase())).json().accepted).toBe(true);
    expect((await use("zzzzz-zzzzz")).json().accepted).toBe(false);
    expect((await types("rita")).filter((t) => t === "RecoveryCodeUsed")).toHaveLength(2);
  });
});
