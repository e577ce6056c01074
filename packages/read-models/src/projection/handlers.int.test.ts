import { EVENT_TYPES, type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { createIpLocationDbResolver } from "../geo/geo-resolver";
import { getAuditLog } from "../queries/audit";
import { disabledAfterNewCountryLogin } from "../queries/disabled-after-login";
import { failuresGrouped } from "../queries/fraud";
import { smsPumpingCandidates } from "../queries/sms-pumping";
import { getAttempt } from "../queries/timeline";
import { getUserFactors, getUserStatus } from "../queries/user";
import { useReadModelsDatabase } from "../testing/read-models-database";
import { scriptEvents } from "../testing/script";

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const GB = { ip: "81.2.69.160", userAgent: "UA", deviceId: "dev-1" };
const DE = { ip: "185.220.101.7", userAgent: "UA", deviceId: "dev-2" };
const AGENT = { kind: "support" as const, agentId: "agent-1", ticketRef: "T-42" };
const FP = "sha256:00112233445566aa";
const PHONE = "+44 •••• ••12 34";

const ev = scriptEvents({ userId: "alice", t0: T0, stepMs: 60_000, seed: 1 });
const totp = { factorId: "f-totp" };
const sms = { factorId: "f-sms" };
const hotp = { factorId: "f-hotp" };
/** An SMS challenge issued from GB, then its code handed to the provider. */
const smsSent = (attemptId: string, challengeId: string, messageId: string) => [
  ev(
    "ChallengeIssued",
    { ...sms, context: GB },
    { method: "sms", attemptId, challengeId, maskedPhone: PHONE },
  ),
  ev("SmsDispatched", sms, { challengeId, provider: "p", messageId, maskedPhone: PHONE, country: "GB" }),
];

const script: FactorlensEvent[] = [
  ev("FactorEnrollmentStarted", totp, {
    method: "totp",
    params: { algorithm: "SHA1", digits: 6, period: 30 },
    secretFingerprint: FP,
  }),
  ev("FactorEnrollmentFailed", totp, { method: "totp", reason: "code_mismatch", attemptNumber: 1 }),
  ev("FactorEnrollmentConfirmed", totp, { method: "totp", acceptedStep: 5, offset: 0 }),
  ev("RecoveryCodesIssued", {}, { batchId: "b1", count: 10 }),
  ev("ChallengePassed", { ...totp, context: GB }, { method: "totp", attemptId: "a1", step: 9, offset: 0 }),
  ev(
    "ChallengeFailed",
    { ...totp, context: DE },
    { method: "totp", attemptId: "a2", reason: "code_mismatch", consecutiveFailures: 1 },
  ),
  ev("MismatchDiagnosed", totp, {
    attemptId: "a2",
    diagnosis: {
      pattern: "clock_skew",
      confidence: "high",
      evidence: { skewSeconds: -97, offsetSteps: -3 },
      coincidenceProbability: 0.0001,
      candidatesTried: 40,
    },
  }),
  ev("DriftLearned", totp, { driftSteps: -3, previousDriftSteps: 0 }),
  ev("ChallengePassed", { ...totp, context: GB }, { method: "totp", attemptId: "a3", step: 10, offset: -3 }),
  ev("LockedOut", {}, { until: new Date(T0 + 86_400_000).toISOString(), failures: 5, lockoutNumber: 1 }),
  ev(
    "SupportLookupPerformed",
    { actor: AGENT },
    { agentId: "agent-1", targetUserId: "alice", fieldsRead: ["timeline"], ticketRef: "T-42" },
  ),
  ev("Unlocked", { actor: AGENT }, { by: "support", reason: "verified caller" }),
  ev(
    "SupportActionTaken",
    { actor: AGENT },
    { agentId: "agent-1", ticketRef: "T-42", action: "unlock", note: "ok" },
  ),
  ev("RecoveryCodeUsed", {}, { batchId: "b1", index: 0, attemptId: "r1", remaining: 9 }),
  ev("FactorEnrollmentStarted", sms, { method: "sms", maskedPhone: PHONE, country: "GB" }),
  ev("FactorEnrollmentConfirmed", sms, { method: "sms" }),
  ...smsSent("s1", "ch1", "m1"),
  ev("SmsDeliveryFailed", sms, { challengeId: "ch1", provider: "p", errorCode: "30003" }),
  ...smsSent("s2", "ch2", "m2"),
  ev("SmsDelivered", sms, { challengeId: "ch2", provider: "p" }),
  ev("SmsCodeExpired", sms, { challengeId: "ch2", attemptId: "s2" }),
  ev("ChallengePassed", { ...totp, context: DE }, { method: "totp", attemptId: "a4", step: 11, offset: -3 }),
  ev("FactorDisabled", sms, { method: "sms", by: "user", reason: "lost phone" }),
  ev("SecretRotated", totp, { oldFingerprint: FP, newFingerprint: "sha256:99887766554433ff" }),
  ev("DriftReset", { ...totp, actor: AGENT }, { previousDriftSteps: -3 }),
  ev("FactorEnrollmentStarted", hotp, {
    method: "hotp",
    params: { algorithm: "SHA1", digits: 6 },
    secretFingerprint: FP,
  }),
  ev("HotpResynced", hotp, { previousCounter: 1, nextCounter: 7 }),
  ev("FactorEnrollmentAbandoned", hotp, { method: "hotp", reason: "cancelled" }),
  ev("FactorReset", { ...totp, actor: AGENT }, { method: "totp", by: "support", reason: "new phone" }),
  ev("GuessBudgetExhausted", totp, { scope: "factor", failures: 100, windowDays: 30 }),
  ev(
    "SupportLookupFailed",
    { actor: AGENT },
    { agentId: "agent-1", targetUserId: "alice", fieldsRead: [], ticketRef: "T-42", reason: "rate_limited" },
  ),
  ev("FactorDisableRefused", totp, {
    method: "totp",
    reason: "fresh_verification_required",
    freshVerificationMinutes: 5,
  }),
  ev("SmsSendRefused", sms, {
    attemptId: "s3",
    numberPrefix: "+44",
    country: "GB",
    reason: "burst_low_conversion",
    sends: 30,
    passed: 1,
    pending: 2,
    thresholds: { burstSends: 20, windowMinutes: 15, minConversion: 0.2, coolDownMinutes: 60 },
    refusedUntil: new Date(T0 + 3_600_000).toISOString(),
  }),
  ev(
    "SmsBlockLifted",
    { userId: "sms-guard:+44", actor: AGENT },
    { numberPrefix: "+44", reason: "the operator confirmed the range" },
  ),
];

describe("projection handlers, one scripted user, every event type", () => {
  const { tdb, db, project } = useReadModelsDatabase("rm_handlers", "rm_h");
  const ALL = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };
  beforeAll(async () => {
    const records = script.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    const bad = {
      id: "0190aaaa-0000-7000-8000-000000000001",
      type: "ChallengePassed",
      data: { nope: 1 },
      position: 999n,
    };
    const geo = createIpLocationDbResolver();
    // Odd batch sizes, so related events land in different batches.
    for (let i = 0; i < records.length; i += 4) {
      await project(records.slice(i, i + 4), { geo: createIpLocationDbResolver() });
    }
    await project([bad], { geo });
  });

  it("the script covers every event type", () => {
    expect(new Set(script.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it("factor lifecycle: states, times, drift", async () => {
    const f = Object.fromEntries((await getUserFactors(db(), "alice")).map((x) => [x.factorId, x]));
    expect(f["f-totp"]).toMatchObject({
      method: "totp",
      state: "pending",
      driftSteps: null,
      driftConfirmations: 0,
    });
    expect(f["f-totp"]!.resetAt).not.toBeNull();
    expect(f["f-totp"]!.secretRotatedAt).not.toBeNull();
    expect(f["f-totp"]!.lastSuccessAt).toBe(
      script[23]!.occurredAt.replace("Z", "+00:00").replace(".000", ""),
    );
    expect(f["f-sms"]).toMatchObject({ state: "disabled", maskedPhone: PHONE });
    expect(f["f-hotp"]).toMatchObject({ state: "abandoned" });
    expect(f["f-hotp"]!.hotpResyncedAt).not.toBeNull();
  });

  it("user status: lockout cleared by unlock, recovery codes, known locations", async () => {
    const u = (await getUserStatus(db(), "alice"))!;
    expect(u).toMatchObject({ locked: false, recoveryCodesIssued: 10, recoveryCodesUsed: 1 });
    expect(u.lockedAt).not.toBeNull();
    expect(u.unlockedAt).not.toBeNull();
    expect(u.knownCountries).toEqual(["DE", "GB"]);
  });

  it("attempts: outcome, reason, diagnosis, context with country/ASN/prefix, SMS state", async () => {
    expect(await getAttempt(db(), "a2")).toMatchObject({
      outcome: "failed",
      reason: "code_mismatch",
      pattern: "clock_skew",
      confidence: "high",
      evidence: { skewSeconds: -97, offsetSteps: -3 },
      ip: "185.220.101.7",
      ipPrefix: "185.220.101.0/24",
      country: "DE",
      asn: 60729,
      method: "totp",
    });
    expect(await getAttempt(db(), "s1")).toMatchObject({
      smsState: "delivery_failed",
      smsFailureReason: "30003",
      phonePrefix: "+44",
    });
    expect(await getAttempt(db(), "s2")).toMatchObject({
      smsState: "expired",
      outcome: "expired",
      challengeId: "ch2",
    });
    // a send the SMS guard refused is on the timeline too, as refused (no code was sent)
    expect(await getAttempt(db(), "s3")).toMatchObject({
      outcome: "refused",
      reason: "sms_refused_burst_low_conversion",
      method: "sms",
      factorId: "f-sms",
    });
    // a refused disable is on the timeline under its event id, not a code failure
    expect(
      await getAttempt(db(), script.find((e) => e.type === "FactorDisableRefused")!.eventId),
    ).toMatchObject({
      outcome: "refused",
      reason: "disable_fresh_verification_required",
      method: "totp",
      factorId: "f-totp",
    });
  });

  it("fraud rollups: failures by dimension, SMS conversion, disabled after a new country", async () => {
    const nodes = <N>(c: { edges: { node: N }[] }) => c.edges.map((e) => e.node);
    expect(nodes(await failuresGrouped(db(), { ...ALL, by: "prefix" }))).toEqual([
      {
        key: "185.220.101.0/24",
        name: null,
        failures: 1,
        distinctIps: 1,
        distinctUsers: 1,
        unexplained: 0,
      },
    ]);
    expect(nodes(await smsPumpingCandidates(db(), { ...ALL, minSends: 1, maxConversion: 1 }))).toEqual([
      {
        country: "GB",
        numberPrefix: "+44",
        numberType: null,
        sends: 2,
        delivered: 1,
        deliveryFailed: 1,
        verified: 0,
        distinctUsers: 1,
        conversion: 0,
        unverified: 2,
        refused: 1, // the SMS guard's refusal of a third send (SmsSendRefused)
      },
    ]);
    const flagged = nodes(await disabledAfterNewCountryLogin(db(), ALL));
    expect(flagged).toMatchObject([
      { userId: "alice", factorId: "f-sms", loginCountry: "DE", secondsAfterLogin: 60 },
    ]);
  });

  it("support audit: lookup, action and the changes made by the agent", async () => {
    const log = await getAuditLog(db(), { userId: "alice", first: 50 });
    expect(log.edges.map((e) => [e.node.kind, e.node.action]).reverse()).toEqual([
      ["lookup", null],
      ["change", "Unlocked"],
      ["action", "unlock"],
      ["change", "DriftReset"],
      ["change", "FactorReset"],
      ["lookup", null],
    ]);
    expect(log.edges.every((e) => e.node.agentId === "agent-1" && e.node.ticketRef === "T-42")).toBe(true);
    const lookups = log.edges.filter((e) => e.node.kind === "lookup").map((e) => e.node.details);
    expect(lookups.reverse()).toEqual([{}, { failure: "rate_limited" }]);
    // lifting the SMS guard's block of a prefix is audited on the prefix's own id
    const lift = await getAuditLog(db(), { userId: "sms-guard:+44", first: 50 });
    expect(lift.edges.map((e) => [e.node.kind, e.node.action, e.node.agentId, e.node.ticketRef])).toEqual([
      ["change", "SmsBlockLifted", "agent-1", "T-42"],
    ]);
  });

  it("an event that does not parse is recorded, not projected, and does not block the rest", async () => {
    const errors = await tdb.pool.query("SELECT event_type, position FROM rm_h.projection_errors");
    expect(errors.rows).toEqual([{ event_type: "ChallengePassed", position: "999" }]);
  });
});
