/**
 * After a failed code: the diagnosis runs off the response path (queued), with the code held only
 * in this closure, and its result is appended as its own MismatchDiagnosed event linked to the
 * attempt id (and caused by the ChallengeFailed event). Never part of an HTTP response. HOTP
 * searches are reused while the counter stands still (diagnosis-searches.ts); the append is
 * coalesced per user and does not hold up the next diagnosis (diagnosis-appends.ts).
 */
import {
  type DiagnosisInput,
  type DiagnosisPayload,
  diagnoseMismatch,
  EVENT_REGISTRY,
  type FactorlensEvent,
  type FactorState,
  hotpPolicyFor,
  MismatchDiagnosed,
  type SmsChallengeState,
  totpPolicyFor,
} from "@factorlens/domain";
import type { SmsChallengeRow } from "../db/verifier-repo";
import type { AppContext } from "./context";

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
      challenges: rows.map((r) => {
        const state = job.smsState.find((c) => c.challengeId === r.challengeId);
        return {
          challengeId: r.challengeId,
          sentAtMs: r.issuedAt.getTime(),
          expiresAtMs: r.expiresAt.getTime(),
          deliveryState: state?.delivery ?? "unknown",
          ...(state?.deliveredAt === undefined ? {} : { deliveredAtMs: Date.parse(state.deliveredAt) }),
          matches: (c: string) => app.smsMac.matches(r.challengeId, c, r.codeMac),
        };
      }),
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
    const diagnosis: DiagnosisPayload = d;
    const event = MismatchDiagnosed.parse({
      eventId: app.newId(),
      type: "MismatchDiagnosed",
      version: EVENT_REGISTRY.MismatchDiagnosed.version,
      userId: job.userId,
      factorId: job.factor.factorId,
      occurredAt: app.now().toISOString(),
      correlationId: job.correlationId,
      causationId: job.causationId,
      actor: { kind: "system", component: "verifier-diagnosis" },
      data: { attemptId: job.attemptId, diagnosis },
    }) as FactorlensEvent;
    app.diagnosisAppends.add(job.userId, event);
    app.metrics.diagnoses.inc({ pattern: d.pattern });
  });
}
