/** Every request line carries a correlation id: the caller's x-request-id, else a generated one. */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { auth } from "../testing/harness";
import { useHarness } from "../testing/use-harness";

const h = useHarness();

const requestLines = () =>
  h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request completed");

describe("request ids", () => {
  it("logs the caller's x-request-id, and a fresh id when none (or an unsafe one) is given", async () => {
    const verify = (headers: Record<string, string>) =>
      h.app.inject({
        method: "POST",
        url: "/v1/verify",
        headers: { ...auth("verify"), ...headers },
        payload: { userId: "rid-user", code: "123456" },
      });
    await verify({ "x-request-id": "edge-7f3a.1" });
    await verify({});
    await verify({ "x-request-id": "bad id\nwith newline" });
    const ids = requestLines().map((l) => l.reqId);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe("edge-7f3a.1");
    for (const id of ids.slice(1)) expect(String(id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().every((l) => l.service === "verifier" && l.level === "info")).toBe(true);
  });
});

describe("the request line", () => {
  it("carries the user id and the verify answer's outcome and reason, never the code", async () => {
    const P = { algorithm: "SHA1", digits: 6, period: 30 } as const;
    const post = (url: string, payload: object, key: Parameters<typeof auth>[0]) =>
      h.app.inject({ method: "POST", url, headers: auth(key), payload });
    const enrolled = (await post("/v1/users/line-user/factors", { method: "totp" }, "enroll")).json();
    const secret = decodeBase32(enrolled.secret);
    const code = (off = 0) => totpCode(secret, P, totpStep(h.clock.now(), 30) + off);
    const confirmCode = code();
    await post(`/v1/users/line-user/factors/${enrolled.factorId}/confirm`, { code: confirmCode }, "enroll");
    h.clock.advance(30_000);
    const good = code();
    const bad = [code(-10), code(-11)].find((c) => c !== good) ?? "";
    const before = h.logs.length;
    expect((await post("/v1/verify", { userId: "line-user", code: bad }, "verify")).json()).toMatchObject({
      accepted: false,
    });
    expect((await post("/v1/verify", { userId: "line-user", code: good }, "verify")).json()).toMatchObject({
      accepted: true,
    });
    const lines = h.logs.slice(before);
    const completed = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "request completed");
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({ userId: "line-user", outcome: "rejected", reason: "invalid_code" });
    expect(completed[1]).toMatchObject({ userId: "line-user", outcome: "accepted", method: "totp" });
    for (const l of completed) expect(l.reqId).toEqual(expect.any(String));
    const all = h.logs.join("");
    for (const c of [bad, good, confirmCode, enrolled.secret]) expect(all).not.toContain(c);
  });
});
