import { describe, expect, it } from "vitest";
import { EVENT_REGISTRY } from "./catalogue";
import { isDomainError } from "./domain-error";
import { parseEvent, safeParseEvent } from "./parse-event";
import { fromStoredEvent, toStoredEvent } from "./stored-event";
import { makeEvent } from "./test-fixtures";

const started = makeEvent("FactorEnrollmentStarted", 1, {
  method: "totp",
  params: { algorithm: "SHA1", digits: 6, period: 30 },
  secretFingerprint: "sha256:0123456789abcdef",
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isDomainError(e) ? e.code : "not a DomainError";
  }
  return undefined;
};

describe("parseEvent", () => {
  it("accepts a valid event as object or JSON text", () => {
    expect(parseEvent(started)).toEqual(started);
    expect(parseEvent(JSON.stringify(started))).toEqual(started);
  });

  it("rejects unknown keys, so a secret cannot ride along in a payload", () => {
    const leaky = { ...started, data: { ...started.data, secret: "JBSWY3DPEHPK3PXP" } };
    const result = safeParseEvent(leaky);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("event_invalid");
      expect(result.error.message).not.toContain("JBSWY3DPEHPK3PXP");
    }
  });

  it("rejects diagnosis evidence that tries to carry a code", () => {
    const diagnosed = makeEvent("MismatchDiagnosed", 1, {
      attemptId: "a1",
      diagnosis: {
        pattern: "digit_typo",
        confidence: "medium",
        evidence: { typoKind: "transposition", typoPosition: 2 },
        coincidenceProbability: 0.00012,
        candidatesTried: 120,
      },
    });
    expect(parseEvent(diagnosed)).toEqual(diagnosed);
    const leaky = { ...diagnosed.data.diagnosis, evidence: { typoPosition: 2, expectedCode: "123456" } };
    expect(codeOf(() => parseEvent({ ...diagnosed, data: { ...diagnosed.data, diagnosis: leaky } }))).toBe(
      "event_invalid",
    );
  });

  it("rejects a full phone number where a masked one is expected", () => {
    const sms = makeEvent("SmsDispatched", 1, {
      challengeId: "c1",
      provider: "twilio",
      messageId: "m1",
      maskedPhone: "+44 •••• ••12 34",
      country: "GB",
    });
    expect(parseEvent(sms)).toEqual(sms);
    expect(codeOf(() => parseEvent({ ...sms, data: { ...sms.data, maskedPhone: "+44 7911 1234 34" } }))).toBe(
      "event_invalid",
    );
  });

  it("names unknown types, newer versions and garbage with distinct codes", () => {
    expect(codeOf(() => parseEvent({ ...started, type: "FactorExploded" }))).toBe("event_type_unknown");
    expect(codeOf(() => parseEvent({ ...started, version: 9 }))).toBe("event_version_unsupported");
    expect(codeOf(() => parseEvent("{not json"))).toBe("event_invalid");
    expect(codeOf(() => parseEvent([1, 2]))).toBe("event_invalid");
    expect(codeOf(() => parseEvent({ ...started, occurredAt: "yesterday" }))).toBe("event_invalid");
  });

  it("upcasts ChallengeFailed v1 to v2 (reasons renamed, failure count added)", () => {
    const v1 = {
      ...makeEvent("ChallengeFailed", 2, {
        method: "totp",
        attemptId: "a1",
        reason: "code_mismatch",
        consecutiveFailures: 1,
      }),
      version: 1,
      data: { method: "totp", attemptId: "a1", reason: "invalid_code" },
    };
    const up = parseEvent(v1);
    expect(up.version).toBe(EVENT_REGISTRY.ChallengeFailed.version);
    expect(up.type === "ChallengeFailed" && up.data).toEqual({
      method: "totp",
      attemptId: "a1",
      reason: "code_mismatch",
      consecutiveFailures: 1,
    });
    const locked = parseEvent({ ...v1, data: { ...v1.data, reason: "locked" } });
    expect(locked.type === "ChallengeFailed" && locked.data.reason).toBe("locked_out");
    expect(locked.type === "ChallengeFailed" && locked.data.consecutiveFailures).toBe(0);
    // a v1 event carrying a v2-only reason is not a valid v1 event
    expect(codeOf(() => parseEvent({ ...v1, data: { ...v1.data, reason: "code_mismatch" } }))).toBe(
      "event_invalid",
    );
  });
});

describe("toStoredEvent / fromStoredEvent", () => {
  it("round-trips through the store shape", () => {
    const failed = makeEvent(
      "ChallengeFailed",
      2,
      { method: "sms", attemptId: "a1", reason: "expired", consecutiveFailures: 0, challengeId: "c1" },
      { causationId: "cmd-9", context: { ip: "203.0.113.7", country: "DE", asn: 3320 } },
    );
    const stored = toStoredEvent(failed);
    expect(stored.id).toBe(failed.eventId);
    expect(stored.type).toBe("ChallengeFailed");
    expect(stored.metadata).toEqual({ schemaVersion: 2, correlationId: "corr-1", causationId: "cmd-9" });
    const recorded = {
      ...stored,
      streamId: "tfa-user-user-1",
      revision: 0,
      position: 1n,
      recordedAt: new Date(),
    };
    expect(fromStoredEvent(recorded)).toEqual(failed);
  });

  it("omits undefined fields and upcasts old records", () => {
    const event = { ...started, causationId: undefined };
    const stored = toStoredEvent(event);
    expect("causationId" in stored.data).toBe(false);
    expect("causationId" in stored.metadata).toBe(false);
    const old = {
      id: "0190a5d0-0000-7000-8000-000000000001",
      type: "ChallengeFailed",
      metadata: { schemaVersion: 1, correlationId: "c" },
      data: {
        ...toStoredEvent(started).data,
        eventId: "0190a5d0-0000-7000-8000-000000000001",
        type: "ChallengeFailed",
        version: 1,
        data: { method: "hotp", attemptId: "a", reason: "invalid_code" },
      },
    };
    const up = fromStoredEvent(old);
    expect(up.version).toBe(2);
  });

  it("refuses a record whose id or type disagrees with its data", () => {
    const stored = toStoredEvent(started);
    expect(codeOf(() => fromStoredEvent({ ...stored, type: "FactorDisabled" }))).toBe("event_invalid");
    expect(codeOf(() => fromStoredEvent({ ...stored, id: "0190a5d0-0000-7000-8000-000000000009" }))).toBe(
      "event_invalid",
    );
  });
});
