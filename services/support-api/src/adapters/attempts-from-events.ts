import { type FactorlensEvent, fromStoredEvent } from "@factorlens/domain";
import type { RecordedEvent } from "@factorlens/event-store";
import type { AttemptRow, FactorMethod } from "../ports";

const base = (e: FactorlensEvent, attemptId: string): AttemptRow => ({
  attemptId,
  userId: e.userId,
  factorId: e.factorId ?? null,
  method: null,
  outcome: "pending",
  reason: null,
  pattern: null,
  confidence: null,
  coincidenceProbability: null,
  at: new Date(e.occurredAt),
  completedAt: null,
  ip: e.context?.ip ?? null,
  country: e.context?.country ?? null,
  asn: e.context?.asn ?? null,
  userAgent: e.context?.userAgent ?? null,
  smsState: null,
});

/**
 * Live attempts from freshly committed events, for the timeline subscription: a challenge's
 * outcome and its diagnosis (appended together by the verifier) are merged into one attempt.
 * Events that are not about a challenge outcome, or do not parse, are skipped.
 */
export function attemptsFromEvents(events: RecordedEvent[]): AttemptRow[] {
  const byId = new Map<string, AttemptRow>();
  for (const recorded of events) {
    let e: FactorlensEvent;
    try {
      e = fromStoredEvent(recorded);
    } catch {
      continue;
    }
    if (e.type !== "ChallengePassed" && e.type !== "ChallengeFailed" && e.type !== "MismatchDiagnosed")
      continue;
    const id = e.data.attemptId;
    const a = byId.get(id) ?? base(e, id);
    byId.set(id, a);
    if (e.type === "MismatchDiagnosed") {
      const d = e.data.diagnosis;
      Object.assign(a, {
        outcome: a.outcome === "pending" ? "failed" : a.outcome,
        pattern: d.pattern,
        confidence: d.confidence,
        coincidenceProbability: d.coincidenceProbability,
      });
    } else {
      Object.assign(a, {
        method: e.data.method as FactorMethod,
        outcome: e.type === "ChallengePassed" ? "passed" : "failed",
        reason: e.type === "ChallengeFailed" ? e.data.reason : null,
        completedAt: new Date(e.occurredAt),
      });
    }
  }
  return [...byId.values()];
}
