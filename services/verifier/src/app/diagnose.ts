/**
 * After a failed code: the diagnosis runs off the response path (queued), with the code held only
 * in this closure. The factor's method builds and searches its input (methods/); the result is
 * recorded by a RecordDiagnosis command (the decider emits MismatchDiagnosed, linked to the
 * attempt id and caused by the ChallengeFailed event). Never part of an HTTP response. The append
 * is coalesced per user and does not hold up the next diagnosis (diagnosis-appends.ts).
 */
import type { FactorState, RecordDiagnosis, SmsChallengeState } from "@factorlens/domain";
import type { AppContext } from "./context";
import { methodOf } from "./methods";
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

export function scheduleDiagnosis(app: AppContext, job: DiagnosisJob): void {
  app.diagnoses.enqueue(async () => {
    const d = await methodOf(job.factor).diagnose(app, job);
    if (!d) return;
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
