import type { RecordedEvent } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent, HEADERS, userIdOf } from "./codec";
import { KafkaIntegrationError } from "./errors";

const event = (over: Partial<RecordedEvent> = {}): RecordedEvent => ({
  id: "0192f0c4-0000-7000-8000-000000000001",
  type: "ChallengeFailed",
  data: { userId: "u-42", factorId: "f-1", reason: "mismatch" },
  metadata: { schemaVersion: 2 },
  streamId: "tfa-user-u-42",
  revision: 3,
  position: 12345678901234567890n,
  recordedAt: new Date("2026-01-02T03:04:05.000Z"),
  ...over,
});

describe("event codec", () => {
  it("keys by user id, carries type, version, id and content type in headers, round-trips the value", () => {
    const msg = encodeEvent(event());
    expect(msg.key).toBe("u-42");
    expect(msg.headers).toEqual({
      [HEADERS.eventType]: "ChallengeFailed",
      [HEADERS.schemaVersion]: "2",
      [HEADERS.eventId]: "0192f0c4-0000-7000-8000-000000000001",
      [HEADERS.contentType]: "application/json",
    });
    const decoded = decodeEvent({ key: Buffer.from(msg.key), value: msg.value, headers: msg.headers ?? {} });
    expect(decoded.envelope).toEqual({
      id: "0192f0c4-0000-7000-8000-000000000001",
      type: "ChallengeFailed",
      streamId: "tfa-user-u-42",
      revision: 3,
      position: "12345678901234567890",
      recordedAt: "2026-01-02T03:04:05.000Z",
      data: { userId: "u-42", factorId: "f-1", reason: "mismatch" },
      metadata: { schemaVersion: 2 },
    });
    expect(decoded.headers[HEADERS.eventId]).toBe("0192f0c4-0000-7000-8000-000000000001");
  });

  it("falls back to the user stream id for the key and to schema version 1", () => {
    const msg = encodeEvent(event({ data: { factorId: "f" }, metadata: {} }));
    expect(msg.key).toBe("u-42");
    expect(msg.headers?.[HEADERS.schemaVersion]).toBe("1");
  });

  it("refuses an event it cannot key by user", () => {
    expect(() => userIdOf(event({ data: {}, streamId: "other-stream" }))).toThrow(KafkaIntegrationError);
  });

  it("rejects values that are not an envelope", () => {
    expect(() => decodeEvent({ key: null, value: Buffer.from("{nope"), headers: {} })).toThrow(/not JSON/);
    expect(() => decodeEvent({ key: null, value: Buffer.from('{"id":"x"}'), headers: {} })).toThrow(
      /envelope/,
    );
  });
});
