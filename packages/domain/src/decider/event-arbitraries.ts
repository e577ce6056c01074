/** Test-only (not exported from the package): fast-check arbitraries of the events a user stream holds. */
import fc from "fast-check";
import type { ChallengeFailureReason } from "../events";
import { ev, FP, FP2, NOW } from "./given-when-then";

export const nat = fc.nat({ max: 60 });
/** An ISO time within ten minutes of NOW. */
export const iso = fc
  .integer({ min: -600, max: 600 })
  .map((s) => new Date(NOW.getTime() + s * 1000).toISOString());

/** Arbitraries of single events about the factors `factorId` draws from. */
export const eventsAbout = (factorId: fc.Arbitrary<string>) => ({
  /** FactorEnrollmentStarted for TOTP, HOTP (with `hotpInitialCounter` when given) or SMS. */
  started: (hotpInitialCounter?: number) =>
    fc.tuple(factorId, fc.constantFrom("totp", "hotp", "sms")).map(([f, m]) =>
      m === "sms"
        ? ev(
            "FactorEnrollmentStarted",
            { method: "sms", maskedPhone: "+44 •••• ••12 34", country: null },
            { factorId: f },
          )
        : m === "totp"
          ? ev(
              "FactorEnrollmentStarted",
              { method: "totp", params: { algorithm: "SHA1", digits: 6, period: 30 }, secretFingerprint: FP },
              { factorId: f },
            )
          : ev(
              "FactorEnrollmentStarted",
              {
                method: "hotp",
                params: { algorithm: "SHA256", digits: 8 },
                secretFingerprint: FP,
                ...(hotpInitialCounter === undefined ? {} : { initialCounter: hotpInitialCounter }),
              },
              { factorId: f },
            ),
    ),
  hotpPassed: fc
    .tuple(factorId, nat)
    .map(([f, n]) =>
      ev(
        "ChallengePassed",
        { method: "hotp", attemptId: "a", matchedCounter: n, nextCounter: n + 1 },
        { factorId: f },
      ),
    ),
  driftLearned: (driftSteps: fc.Arbitrary<number>) =>
    fc
      .tuple(factorId, driftSteps)
      .map(([f, d]) => ev("DriftLearned", { driftSteps: d, previousDriftSteps: 0 }, { factorId: f })),
  hotpResynced: fc
    .tuple(factorId, nat)
    .map(([f, n]) => ev("HotpResynced", { previousCounter: 0, nextCounter: n }, { factorId: f })),
  reset: factorId.map((f) =>
    ev("FactorReset", { method: "totp", by: "admin", reason: "r" }, { factorId: f }),
  ),
  secretRotated: factorId.map((f) =>
    ev("SecretRotated", { oldFingerprint: FP, newFingerprint: FP2 }, { factorId: f }),
  ),
});

/** A counted-looking TOTP ChallengeFailed with one of `reasons`. */
export const totpFailed = (...reasons: ChallengeFailureReason[]) =>
  fc
    .constantFrom(...reasons)
    .map((reason) =>
      ev("ChallengeFailed", { method: "totp", attemptId: "a", reason, consecutiveFailures: 1 }),
    );

export const lockedOut = fc
  .tuple(iso, fc.integer({ min: 1, max: 9 }))
  .map(([until, n]) => ev("LockedOut", { until, failures: 5, lockoutNumber: n }));

export const unlocked = fc.constant(ev("Unlocked", { by: "admin", reason: "r" }, { factorId: null }));
