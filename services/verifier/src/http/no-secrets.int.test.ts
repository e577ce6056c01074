/**
 * The product's promise: secrets, codes, recovery codes, API keys and full phone numbers never
 * appear in a log line, an event or the metrics. A full flow runs, everything is captured, scanned.
 */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { KEYS, lastSmsCode, post } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness();

describe("no secret anywhere", () => {
  it("a full enroll / verify / fail / SMS / recovery flow leaves no secret in logs, events or metrics", async () => {
    const sensitive: string[] = [...Object.values(KEYS)];
    const codes: string[] = [];
    const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;

    const enrolled = (await post(h, "/v1/users/zoe/factors", { method: "totp" }, "enroll")).json();
    sensitive.push(enrolled.secret, Buffer.from(decodeBase32(enrolled.secret)).toString("hex"));
    const secret = decodeBase32(enrolled.secret);
    const code = (off = 0) => totpCode(secret, P, totpStep(h.clock.now(), 30) + off);
    codes.push(code());
    await post(h, `/v1/users/zoe/factors/${enrolled.factorId}/confirm`, { code: code() }, "enroll");
    h.clock.advance(30_000);
    codes.push(code(), code(-6), "918273");
    await post(h, "/v1/verify", { userId: "zoe", code: code() });
    await post(h, "/v1/verify", { userId: "zoe", code: code(-6) });
    await post(h, "/v1/verify", { userId: "zoe", code: "918273" });

    const phone = "+447911123456";
    sensitive.push(phone, "7911123456");
    const sms = (await post(h, "/v1/users/zoe/factors", { method: "sms", phone }, "admin")).json();
    codes.push(lastSmsCode(h));
    await post(h, `/v1/users/zoe/factors/${sms.factorId}/confirm`, { code: lastSmsCode(h) }, "enroll");
    await post(h, "/v1/users/zoe/sms-challenges", { factorId: sms.factorId });
    codes.push(lastSmsCode(h), "555123");
    await post(h, "/v1/verify", { userId: "zoe", method: "sms", code: "555123" });
    await post(h, "/v1/verify", { userId: "zoe", method: "sms", code: lastSmsCode(h) });

    h.clock.advance(30_000);
    await post(h, "/v1/verify", { userId: "zoe", code: code() });
    const recovery = (await post(h, "/v1/users/zoe/recovery-codes", {}, "enroll")).json().codes as string[];
    expect(recovery).toHaveLength(10);
    for (const c of recovery)
      sensitive.push(c, c.replace("-", ""), c.toUpperCase(), c.toUpperCase().replace("-", ""));
    await post(h, "/v1/verify", { userId: "zoe", method: "recovery", code: recovery[0] });
    await post(h, "/v1/verify", { userId: "zoe", method: "recovery", code: "abcde-fghjk" });
    await h.app.drainBackground();

    const events = JSON.stringify(
      (await h.store.readStream(userStreamId("zoe"))).map((e) => ({
        type: e.type,
        data: e.data,
        metadata: e.metadata,
      })),
    );
    expect(events).toContain("MismatchDiagnosed");
    const metrics = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain('reason="invalid_code"');
    const logs = h.logs.join("");
    expect(logs).toContain("sms sent (console provider)");

    for (const [name, text] of [
      ["logs", logs],
      ["events", events],
      ["metrics", metrics],
    ] as const) {
      for (const s of sensitive) expect(text.includes(s), `${name} must not contain a secret`).toBe(false);
      for (const c of codes)
        expect(new RegExp(`(?<!\\d)${c}(?!\\d)`).test(text), `${name} must not contain a code`).toBe(false);
    }
  });
});
