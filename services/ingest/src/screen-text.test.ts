import { randomUUID } from "node:crypto";
import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { checkMessage, DEFAULT_MAX_MESSAGE_BYTES } from "./ingest";
import { domainValidator } from "./validate";

const event = (data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  eventId: randomUUID(),
  type: "SmsDeliveryFailed",
  version: 1,
  userId: "u-9",
  factorId: "sms-1",
  occurredAt: "2026-11-26T10:00:00.000Z",
  correlationId: "c-1",
  actor: { kind: "system", component: "sms-gateway" },
  data: { challengeId: "ch-1", provider: "acme", errorCode: "30003", ...data },
  ...extra,
});
const check = (json: unknown) =>
  checkMessage(
    { key: null, value: Buffer.from(JSON.stringify(json)), headers: {}, offset: "0" } as KafkaMessage,
    domainValidator,
    DEFAULT_MAX_MESSAGE_BYTES,
  );

describe("inbound text the store cannot hold is dead-lettered (unstorable_text)", () => {
  it.each([
    ["a NUL in a data string", event({ errorCode: "30\u00003" }), "data.data.errorCode"],
    ["a lone surrogate in an id", event({ provider: "acme\ud800" }), "data.data.provider"],
    ["a NUL in the user agent", event({}, { context: { userAgent: "ua\u0000" } }), "data.context.userAgent"],
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
    const r = check(event({}, { context: { userAgent: "Gateway/2.1.4 for +44 7911 123456" } }));
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
      ...event(),
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
