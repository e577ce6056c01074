/**
 * The SMS guard (SMS pumping protection, after Twilio's Fraud Guard): per number prefix, a burst
 * of sends that few users complete trips it, and sends to the prefix are refused for a cool-down.
 * The counts come from the verifier (shared between its instances); the rule and the event are
 * here, so that whether a send is refused is decided once, by `decide`.
 */
import type { SmsRefusalReason } from "../events";
import type { GuardSmsSend, LiftSmsBlock } from "./commands";
import type { DecideCommand } from "./emit";
import { reject, requireFactor } from "./guards";

export interface SmsGuardPolicy {
  /** A burst: at least this many sends to one prefix within the window. */
  burstSends: number;
  windowMinutes: number;
  /** Trip when the window's conversion (passed / decided sends) is below this (0..1). */
  minConversion: number;
  /** A send younger than this whose code was not entered yet is not counted as unconverted. */
  graceSeconds: number;
  coolDownMinutes: number;
  /** Prefixes (`+44`, `+23276`) or ISO countries (`GB`) never refused. */
  allow: readonly string[];
}

/** What the verifier counted for the prefix (sends since max(window start, last lift)). */
export interface SmsGuardWindow {
  sends: number;
  /** Sends whose challenge passed. */
  passed: number;
  /** Sends not passed and still inside their grace: neither converted nor unconverted yet. */
  pending: number;
  /** An earlier trip's cool-down end (ISO), if still ahead. */
  refusedUntil: string | null;
}

export const isAllowListed = (policy: SmsGuardPolicy, prefix: string, country: string | null): boolean =>
  policy.allow.some((a) => (a.startsWith("+") ? prefix.startsWith(a) : a === country));

/**
 * Conversion over the decided sends (sends minus those pending in their grace), null while fewer
 * than half a burst is decided: a burst judged on two sends would trip on noise.
 */
export const guardConversion = (policy: SmsGuardPolicy, w: SmsGuardWindow): number | null => {
  const decided = w.sends - w.pending;
  if (decided < Math.ceil(policy.burstSends / 2) || decided <= 0) return null;
  return Math.min(w.passed, decided) / decided;
};

/** Why the guard refuses a send to the prefix now, or null when it may go out. */
export const smsGuardVerdict = (
  policy: SmsGuardPolicy,
  w: SmsGuardWindow,
  prefix: string,
  country: string | null,
  now: Date,
): SmsRefusalReason | null => {
  if (isAllowListed(policy, prefix, country)) return null;
  if (w.refusedUntil !== null && Date.parse(w.refusedUntil) > now.getTime()) return "cooling_down";
  if (w.sends < policy.burstSends) return null;
  const conversion = guardConversion(policy, w);
  return conversion !== null && conversion < policy.minConversion ? "burst_low_conversion" : null;
};

/**
 * Before an SMS goes out: nothing when the guard lets it through, else SmsSendRefused (the
 * caller then sends nothing and records no dispatch). A trip starts a new cool-down; a refusal
 * during one keeps its end.
 */
export const guardSmsSend: DecideCommand<GuardSmsSend> = (ctx, state, c) => {
  const { factorId, attemptId, phone, window, policy } = c.data;
  const factor = requireFactor(state, factorId);
  if (factor.method !== "sms") reject("method_mismatch", `factor ${factorId} is ${factor.method}`, factorId);
  const reason = smsGuardVerdict(policy, window, phone.numberPrefix, phone.country, ctx.now);
  if (reason === null) return [];
  const refusedUntil =
    reason === "cooling_down" && window.refusedUntil !== null
      ? window.refusedUntil
      : new Date(ctx.now.getTime() + policy.coolDownMinutes * 60_000).toISOString();
  return [
    ctx.emit(
      "SmsSendRefused",
      {
        attemptId,
        numberPrefix: phone.numberPrefix,
        country: phone.country,
        reason,
        sends: window.sends,
        passed: window.passed,
        pending: window.pending,
        thresholds: {
          burstSends: policy.burstSends,
          windowMinutes: policy.windowMinutes,
          minConversion: policy.minConversion,
          coolDownMinutes: policy.coolDownMinutes,
        },
        refusedUntil,
      },
      factorId,
    ),
  ];
};

/** The id under which a prefix's guard facts are stored (its own stream, not a person's). */
export const smsGuardUserId = (prefix: string): string => `sms-guard:${prefix}`;

/** Support lifts a prefix's block: only a support agent (with a ticket) or an admin client. */
export const liftSmsBlock: DecideCommand<LiftSmsBlock> = (ctx, _state, c) => {
  const actor = c.metadata.actor;
  if (actor.kind !== "support" && actor.kind !== "admin")
    return reject("actor_not_allowed", "only support or an admin lifts an SMS block");
  if (c.userId !== smsGuardUserId(c.data.numberPrefix))
    return reject("invalid_command", "an SMS block is lifted on its prefix's own stream");
  if (!/^\+[1-9]\d{0,6}$/.test(c.data.numberPrefix))
    return reject("invalid_command", "the prefix must be + and 1 to 7 digits");
  return [ctx.emit("SmsBlockLifted", { numberPrefix: c.data.numberPrefix, reason: c.data.reason })];
};
