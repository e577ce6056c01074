import { describe, expect, it } from "vitest";
import { checkMessage, DEFAULT_MAX_MESSAGE_BYTES } from "./ingest";
import { messageOf, smsDeliveryFailed } from "./test-world";
import { domainValidator } from "./validate";

const check = (json: unknown) =>
  checkMessage(messageOf(JSON.stringify(json)), domainValidator, DEFAULT_MAX_MESSAGE_BYTES);

describe("inbound text the store cannot hold is dead-lettered (unstorable_text)", () => {
  it.each([
    ["a NUL in a data string", smsDeliveryFailed({ errorCode: "30\u00003" }), "data.data.errorCode"],
    ["a lone surrogate in an id", smsDeliveryFailed({ provider: "acme\ud800" }), "data.data.provider"],
    [
      "a NUL in the user agent",
      smsDeliveryFailed({}, { context: { userAgent: "ua\u0000" } }),
      "data.context.userAgent",
    ],
  ])("%s: refused naming the path, never the value", (_what, json, path) => {
    const r = check(json);
    expect(r).toMatchObject({ ok: false, kind: "unstorable_text" });
    if (r.ok) return;
    expect(r.reason).toContain(path);
    expect(r.reason).not.toContain("\u0000");
  });
});

describe("inbound free text is screened with the shared rule", () => {
  it("masks codes and phone numbers in the user agent and keeps the event", () => {
    const r = check(smsDeliveryFailed({}, { context: { userAgent: "Gateway/2.1.4 for +44 7911 123456" } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ua = (r.event.event.data.context as { userAgent: string }).userAgent;
    expect(ua.startsWith("Gateway/2.1.4 for ")).toBe(true);
    expect(ua).not.toMatch(/\d{3}/);
  });
});

describe("a free-text reason", () => {
  it("holding a phone number is refused (free_text_refused) naming the field, never the value", () => {
    const unlocked = {
      ...smsDeliveryFailed(),
      type: "Unlocked",
      data: { by: "system", reason: "call +33 6 12 34 56 78" },
    };
    const r = check(unlocked);
    expect(r).toMatchObject({ ok: false, kind: "free_text_refused" });
    if (r.ok) return;
    expect(r.reason).toMatch(/^data\.data\.reason \(phone_number\)/);
    expect(r.reason).not.toContain("12 34");
  });
});
