import type { KafkaMessage } from "kafkajs";
import { describe, expect, it } from "vitest";
import { checkMessage, DEFAULT_MAX_MESSAGE_BYTES } from "./ingest";
import { messageOf, smsDeliveryFailed } from "./test-world";
import { allowOnly, DEFAULT_INBOUND_TYPES, domainValidator } from "./validate";

const event = smsDeliveryFailed();
const check = (value: string | Buffer | null, max = DEFAULT_MAX_MESSAGE_BYTES) =>
  checkMessage(messageOf(value), domainValidator, max);

describe("inbound message checks", () => {
  it("refuses a message keyed by another user than its event's, and accepts the matching key", () => {
    const keyed = (key: string) =>
      ({ ...messageOf(JSON.stringify(event)), key: Buffer.from(key) }) as KafkaMessage;
    const wrong = checkMessage(keyed("u-other"), domainValidator, DEFAULT_MAX_MESSAGE_BYTES);
    expect(wrong).toMatchObject({ ok: false, kind: "key_mismatch" });
    expect(checkMessage(keyed("u-9"), domainValidator, DEFAULT_MAX_MESSAGE_BYTES).ok).toBe(true);
  });

  it("accepts a valid catalogue event and maps it to the user's stored event", () => {
    const r = check(JSON.stringify(event));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.userId).toBe("u-9");
    expect(r.event.event).toMatchObject({
      id: event.eventId,
      type: "SmsDeliveryFailed",
      metadata: { schemaVersion: 1 },
    });
  });

  it.each([
    ["empty_value", null],
    ["malformed_json", "{oops"],
    ["schema_violation", '"just a string"'],
    ["schema_violation", JSON.stringify([1, 2])],
    ["unknown_type", JSON.stringify({ ...event, type: "Nope" })],
    ["unsupported_version", JSON.stringify({ ...event, version: 9 })],
    ["schema_violation", JSON.stringify({ ...event, data: { ...event.data, extra: 1 } })],
  ] as const)("refuses with kind %s", (kind, value) => {
    const r = check(value);
    expect(r.ok ? "ok" : r.kind).toBe(kind);
  });

  it("refuses values over the limit before parsing them", () => {
    const r = check(JSON.stringify(event), 100);
    expect(r.ok ? "ok" : r.kind).toBe("oversized");
  });

  it("never echoes field values in a reason", () => {
    const r = check(
      JSON.stringify({ ...event, data: { ...event.data, challengeId: 42, provider: "+14155550123" } }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain("challengeId");
    expect(r.reason).not.toContain("4155550123");
  });

  it("refuses types outside the inbound allow-list (2FA cannot be turned off from the bus)", () => {
    const validate = allowOnly(DEFAULT_INBOUND_TYPES, domainValidator);
    const disabled = {
      ...event,
      type: "FactorDisabled",
      actor: { kind: "user" },
      data: { method: "sms", by: "user", reason: "lost phone" },
    };
    expect(domainValidator(disabled).ok).toBe(true); // a valid event…
    const r = validate(disabled);
    expect(r.ok ? "ok" : r.kind).toBe("type_not_allowed"); // …that the bus may not send
    expect(validate(event).ok).toBe(true);
  });
});
