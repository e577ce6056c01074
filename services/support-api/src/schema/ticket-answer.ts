import {
  ANOTHER_METHOD_STEP,
  adviseTicket,
  carrierErrorAdvice,
  disableRefusalAdvice,
  type MismatchPattern,
  staleDriftAdvice,
} from "@factorlens/domain";
import { refusalOf } from "@factorlens/read-models";
import type { UserAccess } from "../access/open-user";
import { maskPhone } from "../auth/mask";
import type { SupportApiDeps } from "../context";
import type { PatternRow } from "../ports";

const RANK: Record<PatternRow["confidence"], number> = { high: 3, medium: 2, low: 1 };

export type DiagnosisView = PatternRow & { userId: string; dominantPattern: MismatchPattern };

/** The factor whose failures are best explained: highest confidence, then most attempts. */
export function dominant(rows: PatternRow[]): (PatternRow & { dominantPattern: MismatchPattern }) | null {
  const explained = rows.filter(
    (r): r is PatternRow & { dominantPattern: MismatchPattern } => r.dominantPattern !== null,
  );
  explained.sort((a, b) => RANK[b.confidence] - RANK[a.confidence] || b.attempts - a.attempts);
  return explained[0] ?? null;
}

const METHOD_NAMES = { totp: "authenticator app", hotp: "hardware token", sms: "SMS", recovery: "recovery" };

/** "Offer another method", with what the user has: recovery codes left, other active factors. */
function anotherMethod(user: UserAccess, factorId: string): string {
  const left = user.state.recoveryCodesLeft;
  const others = user.state.factors
    .filter((f) => f.state === "active" && f.factorId !== factorId)
    .map((f) => METHOD_NAMES[f.method] + (f.maskedPhone ? ` (${maskPhone(f.maskedPhone)})` : ""));
  if (left === 0 && others.length === 0)
    return "The user has no recovery code left and no other active factor: another method cannot be offered; fix this one.";
  const has = [
    left > 0 ? `${left} recovery code${left === 1 ? "" : "s"} left` : "",
    others.length > 0 ? `another active factor: ${others.join(", ")}` : "",
  ].filter(Boolean);
  return `Offer another method while the problem is fixed: the user has ${has.join(" and ")}.`;
}

/** The carrier's error code of the user's latest failed SMS, in words. */
async function carrierOf(deps: SupportApiDeps, user: UserAccess) {
  const [latest] = await deps.readModels.getRecentSmsDeliveries(user.userId, { limit: 1 });
  if (latest?.smsState !== "delivery_failed" || latest.smsFailureReason === null) return null;
  return carrierErrorAdvice(latest.smsFailureReason);
}

/** The answer's frame when a refused disable is all there is to tell (no code failed). */
const refusalOnly = (factorId: string, asOf: Date, windowMs: number) => ({
  factorId,
  windowMs,
  asOf,
  attempts: 0,
  failures: 0,
  dominantPattern: "no_match" as const,
  confidence: "low" as const,
  skewMedianSeconds: null,
  summary: "",
  suggestedSteps: [],
});

/** The user's latest refused disable in the window, while its factor is still active. */
async function refusedDisableOf(deps: SupportApiDeps, user: UserAccess, fromMs: number) {
  const page = await deps.readModels.getUserTimeline(user.userId, { first: 1, outcome: "refused" });
  const r = page.edges[0]?.node;
  const refusal = r ? refusalOf(r) : null;
  const factor = user.state.factors.find((f) => f.factorId === r?.factorId);
  if (!r || !refusal || factor?.state !== "active") return null;
  const at = new Date(r.startedAt);
  if (at.getTime() < fromMs) return null;
  const { freshVerificationMinutes, lastVerifiedAt } = refusal;
  const advice = disableRefusalAdvice({
    atMs: at.getTime(),
    method: factor.method,
    freshVerificationMinutes,
    lastVerifiedAtMs: lastVerifiedAt === undefined ? null : Date.parse(lastVerifiedAt),
  });
  return { ...advice, factorId: factor.factorId, at };
}

/**
 * The agent's answer for a user: the facts of the account at the time of the lookup (a lockout
 * running now…) first, then the pattern of the codes. Null when there is nothing to say.
 */
export async function answerTicket(
  deps: SupportApiDeps,
  user: UserAccess,
  windowMs: number,
): Promise<DiagnosisView | null> {
  const nowMs = deps.clock.now().getTime();
  const [rows, sharedSources, refused] = await Promise.all([
    deps.readModels.getUserPatterns(user.userId, windowMs),
    deps.readModels.getSharedFailureSources(user.userId, windowMs),
    refusedDisableOf(deps, user, nowMs - windowMs),
  ]);
  const { lockout } = user.state;
  const advice = adviseTicket({
    nowMs,
    lockout:
      lockout.lockedUntil === null
        ? null
        : { lockedUntilMs: Date.parse(lockout.lockedUntil), failures: lockout.failures },
    budgetSpent: lockout.locked && lockout.lockedUntil === null,
    sharedSources,
  });
  if (refused) {
    advice.lead.push(refused.sentence);
    advice.steps.push(...refused.steps);
  }
  const found = dominant(rows);
  const base =
    found ??
    (advice.lead.length > 0 && rows[0] ? { ...rows[0], dominantPattern: "no_match" as const } : null) ??
    (refused ? refusalOnly(refused.factorId, refused.at, windowMs) : null);
  if (base === null) return null;
  const factor = user.state.factors.find((f) => f.factorId === base.factorId);
  const drift =
    found?.dominantPattern === "clock_skew"
      ? staleDriftAdvice(factor?.driftSteps ?? null, found.skewMedianSeconds)
      : null;
  const carrier = found?.dominantPattern === "sms_not_delivered" ? await carrierOf(deps, user) : null;
  const own =
    drift ??
    (found
      ? {
          summary: [found.summary, carrier?.sentence ?? ""].filter(Boolean).join(" "),
          steps: [...(carrier?.step ? [carrier.step] : []), ...found.suggestedSteps],
        }
      : null);
  const summary = [...advice.lead, own?.summary ?? "", ...advice.tail].filter(Boolean).join(" ");
  // Someone else's failures: "ask which app they used" would send the agent the wrong way.
  const ownSteps = own && !(advice.attack && found?.dominantPattern === "no_match") ? own.steps : [];
  const steps = [...advice.steps, ...ownSteps].map((s) =>
    s === ANOTHER_METHOD_STEP ? anotherMethod(user, base.factorId) : s,
  );
  return { ...base, userId: user.userId, summary, suggestedSteps: [...new Set(steps)] };
}
