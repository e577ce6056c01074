/**
 * The SMS guard on the send path (rule and event: the domain's GuardSmsSend). Before a code goes
 * out: one count of the prefix's window from the shared store → the decider → nothing, or
 * SmsSendRefused appended and a refusal thrown (nothing sent, no challenge). A block whose
 * support lift (SmsBlockLifted on the prefix's stream) is newer than its start is ended first;
 * that stream is read only while a block is running. A failing guard store lets the send go:
 * the guard limits cost, it never stops a login.
 */
import {
  type FactorState,
  fromStoredEvent,
  isAllowListed,
  type PhoneNumberInfo,
  type SmsGuardPolicy,
  smsGuardUserId,
  type UserState,
} from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import type { SmsGuardConfig } from "../config";
import { VerifierError } from "../errors";
import { type AppContext, eventOf, secondsUntil } from "./context";
import type { SmsGuardCounts, SmsGuardStore } from "./ports";
import type { CallContext } from "./types";

export interface SmsGuardDeps {
  store: SmsGuardStore;
  config: SmsGuardConfig;
}

const policyOf = (c: SmsGuardConfig): SmsGuardPolicy => ({ ...c });

/** The newest lift of the prefix's block, if any (its stream holds only lifts: small). */
async function latestLift(app: AppContext, prefix: string): Promise<Date | null> {
  const recorded = await app.store.readStream(userStreamId(smsGuardUserId(prefix)), {
    direction: "backwards",
    maxCount: 1,
  });
  const e = recorded[0] ? fromStoredEvent(recorded[0]) : undefined;
  return e?.type === "SmsBlockLifted" ? new Date(e.occurredAt) : null;
}

async function countsHonouringLift(app: AppContext, g: SmsGuardDeps, prefix: string, now: Date) {
  const windowStart = new Date(now.getTime() - g.config.windowMinutes * 60_000);
  const graceStart = new Date(now.getTime() - g.config.graceSeconds * 1000);
  let counts: SmsGuardCounts = await g.store.counts(prefix, windowStart, graceStart);
  if (counts.refusedUntil !== null && counts.refusedUntil > now && counts.blockedAt !== null) {
    const lifted = await latestLift(app, prefix);
    if (lifted !== null && lifted >= counts.blockedAt) {
      await g.store.lift(prefix, lifted);
      counts = await g.store.counts(prefix, windowStart, graceStart);
    }
  }
  return counts;
}

const otherMethods = (state: UserState, factor: FactorState): string[] => {
  const methods = new Set(
    Object.values(state.factors)
      .filter((f) => f.status === "active" && f.factorId !== factor.factorId && f.method !== "sms")
      .map((f) => f.method as string),
  );
  if (state.recoveryCodes.batchId !== null) methods.add("recovery");
  return [...methods];
};

/**
 * Throws VerifierError("sms_refused") after recording SmsSendRefused when the guard refuses the
 * send; resolves when it may go out. Allow-listed prefixes are not counted at all.
 */
export async function guardSmsSend(
  app: AppContext,
  g: SmsGuardDeps,
  send: { userId: string; factor: FactorState; attemptId: string; phone: PhoneNumberInfo; ctx: CallContext },
): Promise<void> {
  const { userId, factor, attemptId, phone, ctx } = send;
  const policy = policyOf(g.config);
  if (isAllowListed(policy, phone.numberPrefix, phone.country)) return;
  let counts: SmsGuardCounts;
  try {
    counts = await countsHonouringLift(app, g, phone.numberPrefix, app.now());
  } catch (e) {
    app.logger.warn({ err: { type: (e as Error)?.name } }, "SMS guard unavailable; the send goes out");
    return;
  }
  const refusal = await app.streams.execute(userId, ({ state }) => {
    const events = app.decide(
      {
        type: "GuardSmsSend",
        userId,
        metadata: app.meta(ctx),
        data: {
          factorId: factor.factorId,
          attemptId,
          phone: { numberPrefix: phone.numberPrefix, country: phone.country },
          window: {
            sends: counts.sends,
            passed: counts.passed,
            pending: counts.pending,
            refusedUntil: counts.refusedUntil?.toISOString() ?? null,
          },
          policy,
        },
      },
      state,
    );
    return { events, result: { refused: eventOf(events, "SmsSendRefused"), state } };
  });
  const refused = refusal.refused;
  if (!refused) return;
  if (refused.data.reason === "burst_low_conversion") {
    await g.store
      .block(phone.numberPrefix, new Date(refused.occurredAt), new Date(refused.data.refusedUntil))
      .catch((e: unknown) =>
        app.logger.warn({ err: { type: (e as Error)?.name } }, "SMS guard block not stored"),
      );
  }
  app.metrics.smsRefusals.inc({ country: phone.country ?? "unknown", reason: refused.data.reason });
  throw new VerifierError("sms_refused", "SMS to this destination is temporarily refused", {
    reason: refused.data.reason,
    retryAfterSeconds: secondsUntil(refused.data.refusedUntil, app.now()),
    alternatives: otherMethods(refusal.state, factor),
  });
}

/** A send that went out: counted in its prefix's window (allow-listed prefixes are not). */
export async function countSmsSend(
  app: AppContext,
  g: SmsGuardDeps,
  challengeId: string,
  phone: PhoneNumberInfo,
  at: Date,
): Promise<void> {
  if (isAllowListed(policyOf(g.config), phone.numberPrefix, phone.country)) return;
  await g.store
    .recordSend(challengeId, phone.numberPrefix, at)
    .catch((e: unknown) => app.logger.warn({ err: { type: (e as Error)?.name } }, "SMS send not counted"));
}

/** The code of a counted send was entered: off the response path. */
export function countSmsPass(app: AppContext, g: SmsGuardDeps, challengeId: string): void {
  g.store
    .markPassed(challengeId, app.now())
    .catch((e: unknown) => app.logger.warn({ err: { type: (e as Error)?.name } }, "SMS pass not counted"));
}
