/**
 * The fold version of a user-state snapshot, derived rather than hand-bumped: a hash of what the
 * fold produces. It covers the state's shape (`initialState()`), the behaviour of `evolve` on a
 * corpus with an event of every type (every intermediate state), the current schema version of
 * every event type and the upcast chains, and the source of `evolve`. Change any of them (a new
 * field in the state, another rule in evolve, a new event version with its upcaster) and the
 * version changes, so snapshots written by the old fold are never read by the new one: they only
 * cost one longer fold. `SNAPSHOT_FORMAT` is the manual escape hatch for a change none of these see.
 */
import { createHash } from "node:crypto";
import { EVENT_REGISTRY, EVENT_TYPES, type EventType, type FactorlensEvent } from "../events/catalogue";
import { fromStoredEvent } from "../events/stored-event";
import { UPCASTERS } from "../events/upcasters";
import { evolve } from "./evolve";
import { initialState, type UserState } from "./state";

const SNAPSHOT_FORMAT = 1;

const F = "factor-t";
const C = "challenge-1";
/** One event of every type, with the fields evolve reads (a typed table: a new type must be added). */
const CORPUS: Record<EventType, { factorId?: string; data: Record<string, unknown> }[]> = {
  FactorEnrollmentStarted: [
    {
      factorId: F,
      data: {
        method: "totp",
        params: { algorithm: "SHA1", digits: 6, period: 30 },
        secretFingerprint: "fp1",
      },
    },
    {
      factorId: "factor-h",
      data: {
        method: "hotp",
        params: { algorithm: "SHA1", digits: 6 },
        secretFingerprint: "fp2",
        initialCounter: 3,
      },
    },
    { factorId: "factor-s", data: { method: "sms", maskedPhone: "+44 •••• ••12 34", country: "GB" } },
  ],
  FactorEnrollmentConfirmed: [{ factorId: F, data: { method: "totp", acceptedStep: 7, offset: 1 } }],
  FactorEnrollmentFailed: [
    { factorId: F, data: { method: "totp", reason: "code_mismatch", attemptNumber: 1 } },
  ],
  ChallengeIssued: [
    {
      factorId: "factor-s",
      data: { method: "sms", attemptId: "a1", challengeId: C, expiresAt: "2026-01-01T00:05:00.000Z" },
    },
  ],
  SmsDispatched: [
    {
      factorId: "factor-s",
      data: { challengeId: C, provider: "p", messageId: "m", maskedPhone: "+44 •••• ••12 34", country: "GB" },
    },
  ],
  SmsDelivered: [{ factorId: "factor-s", data: { challengeId: C, provider: "p" } }],
  SmsDeliveryFailed: [{ factorId: "factor-s", data: { challengeId: C, provider: "p", errorCode: "e" } }],
  SmsCodeExpired: [{ factorId: "factor-s", data: { challengeId: C } }],
  SmsSendRefused: [{ factorId: "factor-s", data: { attemptId: "a9", numberPrefix: "+23276" } }],
  SmsBlockLifted: [{ data: { numberPrefix: "+23276", reason: "r" } }],
  ChallengePassed: [
    { factorId: F, data: { method: "totp", attemptId: "a2", step: 9, offset: -1 } },
    { factorId: "factor-h", data: { method: "hotp", attemptId: "a3", matchedCounter: 4, nextCounter: 5 } },
    { factorId: "factor-s", data: { method: "sms", attemptId: "a4", challengeId: C } },
  ],
  ChallengeFailed: [
    {
      factorId: F,
      data: { method: "totp", attemptId: "a5", reason: "code_mismatch", consecutiveFailures: 1 },
    },
    { factorId: F, data: { method: "totp", attemptId: "a6", reason: "expired", consecutiveFailures: 1 } },
  ],
  MismatchDiagnosed: [{ factorId: F, data: { attemptId: "a5" } }],
  LockedOut: [{ data: { until: "2026-01-01T00:15:00.000Z", failures: 5, lockoutNumber: 2 } }],
  GuessBudgetExhausted: [
    { factorId: F, data: { scope: "factor", failures: 20 } },
    { data: { scope: "account", failures: 50, windowDays: 30 } },
  ],
  Unlocked: [{ data: { by: "support", reason: "r" } }],
  RecoveryCodesIssued: [{ data: { batchId: "b1", count: 10 } }],
  RecoveryCodeUsed: [{ data: { batchId: "b1", index: 3, attemptId: "a7", remaining: 9 } }],
  DriftLearned: [{ factorId: F, data: { driftSteps: 2, previousDriftSteps: 0 } }],
  DriftReset: [{ factorId: F, data: { previousDriftSteps: 2 } }],
  HotpResynced: [{ factorId: "factor-h", data: { previousCounter: 5, nextCounter: 12 } }],
  SecretRotated: [{ factorId: "factor-h", data: { oldFingerprint: "fp2", newFingerprint: "fp3" } }],
  FactorReset: [{ factorId: F, data: { method: "totp", by: "admin", reason: "r" } }],
  FactorEnrollmentAbandoned: [{ factorId: "factor-s", data: { method: "sms", reason: "cancelled" } }],
  FactorDisabled: [{ factorId: "factor-h", data: { method: "hotp", by: "user", reason: "r" } }],
  FactorDisableRefused: [{ factorId: F, data: { method: "totp", reason: "fresh_verification_required" } }],
  SupportLookupPerformed: [{ data: {} }],
  SupportLookupFailed: [{ data: {} }],
  SupportActionTaken: [{ data: {} }],
};

const corpusEvents = (): FactorlensEvent[] =>
  EVENT_TYPES.flatMap((type, i) =>
    CORPUS[type].map(
      (e, j) =>
        ({
          eventId: `e-${i}-${j}`,
          type,
          version: EVENT_REGISTRY[type].version,
          userId: "user-t",
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i, j)).toISOString(),
          correlationId: "c",
          actor: { kind: "system", component: "snapshot-version" },
          ...(e.factorId ? { factorId: e.factorId } : {}),
          data: e.data,
        }) as unknown as FactorlensEvent,
    ),
  );

/** A v1 ChallengeFailed as an old stream holds it: the upcaster's output is folded too. */
const upcastProbe = (): FactorlensEvent =>
  fromStoredEvent({
    id: "01890a5d-ac96-774b-bcce-b302099a8057",
    type: "ChallengeFailed",
    data: {
      eventId: "01890a5d-ac96-774b-bcce-b302099a8057",
      type: "ChallengeFailed",
      version: 1,
      userId: "user-t",
      factorId: F,
      occurredAt: "2026-01-02T00:00:00.000Z",
      correlationId: "c",
      actor: { kind: "user" },
      data: { method: "totp", attemptId: "a8", reason: "invalid_code" },
    },
    metadata: { schemaVersion: 1 },
  });

export interface Fold {
  initialState: () => UserState;
  evolve: (state: UserState, event: FactorlensEvent) => UserState;
}

/** The version of `fold` (the domain's own by default; tests pass altered ones). */
export function deriveSnapshotVersion(fold: Fold = { initialState, evolve }): string {
  const states: UserState[] = [fold.initialState()];
  let state = fold.initialState();
  for (const e of [...corpusEvents(), upcastProbe()]) {
    state = fold.evolve(state, e);
    states.push(state);
  }
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ format: SNAPSHOT_FORMAT, states }));
  hash.update(
    JSON.stringify(EVENT_TYPES.map((t) => [t, EVENT_REGISTRY[t].version, Object.keys(UPCASTERS[t] ?? {})])),
  );
  hash.update(fold.evolve.toString());
  return `user-state-${hash.digest("hex").slice(0, 16)}`;
}

/** The version under which the verifier and the support API store and read user-state snapshots. */
export const USER_STATE_SNAPSHOT_VERSION = deriveSnapshotVersion();
