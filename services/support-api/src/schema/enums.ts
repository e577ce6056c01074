import { DIAGNOSIS_CONFIDENCES, MISMATCH_PATTERNS } from "@factorlens/domain";
import { builder } from "./builder";

export const FactorMethodEnum = builder.enumType("FactorMethod", {
  values: ["totp", "hotp", "sms", "recovery"] as const,
});
export const FactorStatusEnum = builder.enumType("FactorStatus", {
  values: ["pending", "active", "abandoned", "disabled"] as const,
});
export const AttemptOutcomeEnum = builder.enumType("AttemptOutcome", {
  values: ["pending", "passed", "failed", "expired", "refused"] as const,
});
export const ConfidenceEnum = builder.enumType("DiagnosisConfidence", { values: DIAGNOSIS_CONFIDENCES });
export const MismatchPatternEnum = builder.enumType("MismatchPattern", { values: MISMATCH_PATTERNS });

/** The windows the projector keeps mismatch patterns for (read-models DEFAULT_PATTERN_WINDOWS_MS). */
export const PatternWindowEnum = builder.enumType("PatternWindow", {
  values: {
    LAST_DAY: { value: 86_400_000 },
    LAST_7_DAYS: { value: 7 * 86_400_000 },
  } as const,
});
