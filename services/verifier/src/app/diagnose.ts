/**
 * After a failed code: the diagnosis runs off the response path (queued), with the code held only
 * in this closure, and its result is recorded by a RecordDiagnosis command (the decider emits the
 * MismatchDiagnosed event linked to the attempt id, caused by the ChallengeFailed event). Never part of an HTTP response. HOTP
 * searches are reused while the counter stands still (diagnosis-searches.ts); the append is
 * coalesced per user and does not hold up the next diagnosis (diagnosis-appends.ts).
 */
import {
  type DiagnosisInput,
  diagnoseMismatch,
  type FactorState,
  hotpPolicyFor,
  type RecordDiagnosis,
  type SmsChallengeState,
  totpPolicyFor,
} from "@factorlens/domain";
import type { AppContext } from "./context";
import type { SmsChallengeRow } from "./ports";

export interface DiagnosisJob {
  userId: string;
  attemptId: string;
  code: string;
  /** The factor as it was when the code was checked (policy before the failure). */
  factor: FactorState;
  secret: Uint8Array | undefined;
  smsRows: readonly SmsChallengeRow[];
  smsState: readonly SmsChallengeState[];
  nowMs: number;
  correlationId: string;
  causationId: string;
  enrollmentConfirmation: boolean;
}

async function inputFor(app: AppContext, job: DiagnosisJob): Promise<DiagnosisInput | null> {
  const { factor, code, nowMs } = job;
  if (factor.method === "sms") {
    const rows = job.smsRows.filter((r) => r.factorId === factor.factorId);
    return {
      method: "sms",
      code,
      nowMs,
      challenges: rows.map((r) => ({
        challengeId: r.challengeId,
        sentAtMs: r.issuedAt.getTime(),
        expiresAtMs: r.expiresAt.getTime(),
        deliveryState: job.smsState.find((c) => c.challengeId === r.challengeId)?.delivery ?? "unknown",
        matches: (c: string) => app.smsMac.matches(r.challengeId, c, r.codeMac),
      })),
    };
  }
  if (!job.secret) return null;
  const retired = (await app.vault.listRetired(job.userId, new Date(nowMs))).map((r) => ({
    secret: r.secret,
    retiredAtMs: r.retiredAt.getTime(),
  }));
  const base = {
    code,
    nowMs,
    secret: job.secret,
    retiredSecrets: retired,
    enrollmentConfirmation: job.enrollmentConfirmation,
  };
  if (factor.method === "totp" && factor.totpParams) {
    return { ...base, method: "totp", params: factor.totpParams, policy: totpPolicyFor(factor) };
  }
  if (factor.method === "hotp" && factor.hotpParams) {
    return { ...base, method: "hotp", params: factor.hotpParams, policy: hotpPolicyFor(factor) };
  }
  return null;
}

export function scheduleDiagnosis(app: AppContext, job: DiagnosisJob): void {
  app.diagnoses.enqueue(async () => {
    const input = await inputFor(app, job);
    if (!input) return;
    const d =
      input.method === "hotp"
        ? app.diagnosisSearches.hotp(job.userId, job.factor.factorId, input).diagnose(input.code)
        : diagnoseMismatch(input);
    const command: RecordDiagnosis = {
      type: "RecordDiagnosis",
      userId: job.userId,
      metadata: {
        now: app.now(),
        actor: { kind: "system", component: "verifier-diagnosis" },
        correlationId: job.correlationId,
        causationId: job.causationId,
      },
      data: { factorId: job.factor.factorId, attemptId: job.attemptId, diagnosis: d },
    };
    app.diagnosisAppends.add(job.userId, command);
    app.metrics.diagnoses.inc({ pattern: d.pattern });
  });
}
