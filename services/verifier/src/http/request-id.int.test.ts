/** Every request line carries a correlation id: the caller's x-request-id, else a generated one. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, createHarness, type Harness } from "../testing/harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

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
