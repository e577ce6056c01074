import type {
  Actor,
  DiagnosisPayload,
  PhoneNumberInfo,
  RequestContext,
  SupportLookupFailure,
} from "../events";
import type { HotpCheck, HotpParams, TotpCheck, TotpParams } from "../otp/types";
import type { SmsGuardPolicy, SmsGuardWindow } from "./sms-guard";

/** Who, when and why: time and causality come in with the command, never from a clock inside. */
export interface CommandMetadata {
  now: Date;
  actor: Actor;
  correlationId: string;
  causationId?: string;
  context?: RequestContext;
}

interface Command<T extends string, D> {
  type: T;
  userId: string;
  metadata: CommandMetadata;
  data: D;
}

/** SMS check computed by the verifier (it holds the code hashes): which challenge's code matched. */
export type SmsCheck =
  | { ok: true; challengeId: string }
  | { ok: false; reason: "mismatch" | "malformed"; challengeId?: string };

/** The engine's verdict, tagged with the method it was computed for. Secrets never enter. */
export type Verification =
  | { method: "totp"; check: TotpCheck }
  | { method: "hotp"; check: HotpCheck }
  | { method: "sms"; check: SmsCheck };

export type StartEnrollment = Command<
  "StartEnrollment",
  { factorId: string } & (
    | { method: "totp"; params: TotpParams; secretFingerprint: string }
    | { method: "hotp"; params: HotpParams; secretFingerprint: string; initialCounter?: number }
    | { method: "sms"; maskedPhone: string; country: string | null }
  )
>;
export type ConfirmEnrollment = Command<
  "ConfirmEnrollment",
  /** `attemptId` links the failure to its diagnosis (MismatchDiagnosed) on the timeline. */
  { factorId: string; verification: Verification; attemptId?: string }
>;
export type DisableFactor = Command<"DisableFactor", { factorId: string; reason: string; note?: string }>;
export type IssueChallenge = Command<"IssueChallenge", { factorId: string; attemptId: string }>;
export type VerifyCode = Command<
  "VerifyCode",
  {
    factorId: string;
    attemptId: string;
    verification: Verification;
    /** The diagnosis of a failed code, recorded as MismatchDiagnosed in the same append. */
    diagnosis?: DiagnosisPayload;
  }
>;
/** The diagnosis of a failed attempt, computed off the response path: a MismatchDiagnosed. */
export type RecordDiagnosis = Command<
  "RecordDiagnosis",
  { factorId: string; attemptId: string; diagnosis: DiagnosisPayload }
>;
/** The verifier's rate limiter refused an attempt: recorded, not counted, no code looked at. */
export type RecordRateLimited = Command<"RecordRateLimited", { attemptId: string }>;
export type IssueRecoveryCodes = Command<"IssueRecoveryCodes", { batchId: string; count: number }>;
/** `matchedIndex`: index in the current batch whose hash matched the code, or null. */
export type UseRecoveryCode = Command<"UseRecoveryCode", { attemptId: string; matchedIndex: number | null }>;
export type RecordSmsDispatch = Command<
  "RecordSmsDispatch",
  {
    factorId: string;
    attemptId: string;
    challengeId: string;
    provider: string;
    messageId: string;
    expiresAt: Date;
    /** What the verifier read from the full number (it alone holds it): country, type, prefix. */
    phone?: PhoneNumberInfo;
  }
>;
/**
 * Before an SMS is sent: the guard's counts for the number's prefix (the verifier's), its policy,
 * and what the verifier read from the number. Decides SmsSendRefused or nothing.
 */
export type GuardSmsSend = Command<
  "GuardSmsSend",
  {
    factorId: string;
    attemptId: string;
    phone: Pick<PhoneNumberInfo, "country" | "numberPrefix">;
    window: SmsGuardWindow;
    policy: SmsGuardPolicy;
  }
>;
/** Support lifts the SMS guard's block of a prefix, on the prefix's stream (smsGuardUserId). */
export type LiftSmsBlock = Command<"LiftSmsBlock", { numberPrefix: string; reason: string }>;
export type RecordSmsReceipt = Command<
  "RecordSmsReceipt",
  {
    challengeId: string;
    provider: string;
    messageId?: string;
    outcome: { status: "delivered" } | { status: "failed"; errorCode: string; carrierErrorCode?: string };
  }
>;
export type Unlock = Command<"Unlock", { reason: string; note?: string }>;
export type ResetDrift = Command<"ResetDrift", { factorId: string; note?: string }>;
/** `check`: two consecutive codes matched at matchedCounter and matchedCounter+1; nextCounter = matchedCounter+2. */
export type ResyncHotp = Command<
  "ResyncHotp",
  { factorId: string; attemptId: string; check: HotpCheck; note?: string }
>;
export type ResetFactor = Command<
  "ResetFactor",
  { factorId: string; reason: string; newSecretFingerprint?: string; note?: string }
>;
/** `failure`: the lookup found no user or was refused (audited as SupportLookupFailed). */
export type RecordSupportLookup = Command<
  "RecordSupportLookup",
  { fieldsRead: string[]; failure?: SupportLookupFailure }
>;
/** A support agent's free-text note on the user's ticket (see supportNoteProblem). */
export type AddTicketNote = Command<"AddTicketNote", { note: string }>;

export type UserCommand =
  | StartEnrollment
  | ConfirmEnrollment
  | DisableFactor
  | IssueChallenge
  | VerifyCode
  | RecordDiagnosis
  | RecordRateLimited
  | IssueRecoveryCodes
  | UseRecoveryCode
  | RecordSmsDispatch
  | RecordSmsReceipt
  | GuardSmsSend
  | LiftSmsBlock
  | Unlock
  | ResetDrift
  | ResyncHotp
  | ResetFactor
  | RecordSupportLookup
  | AddTicketNote;

export type CommandType = UserCommand["type"];
