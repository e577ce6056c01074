import type { FactorMethod } from "../otp/types";
import { clockTime } from "./ticket-context";

/** A refused disable as support reads it (FactorDisableRefused, through the timeline). */
export interface DisableRefusal {
  atMs: number;
  method: FactorMethod;
  /** How recent a successful code must be to disable, in minutes (the decider's policy then). */
  freshVerificationMinutes: number;
  /** The user's last successful verification before the refusal (null: none). */
  lastVerifiedAtMs: number | null;
}

const METHOD = { totp: "authenticator app", hotp: "hardware token", sms: "SMS" } as const;
const CODE_FROM = {
  totp: "a code from the authenticator app",
  hotp: "a code from the hardware token",
  sms: "a code sent by SMS",
} as const;

const minutes = (n: number) => `${n} minute${n === 1 ? "" : "s"}`;

/**
 * "I can't turn 2FA off": what happened, and the way out (log in with a code, then disable in
 * time; or support disables after checking the user's identity). Pure wording.
 */
export function disableRefusalAdvice(r: DisableRefusal): { sentence: string; steps: string[] } {
  const window = minutes(r.freshVerificationMinutes);
  const lastWindow = r.freshVerificationMinutes === 1 ? "minute" : window; // "the last minute"
  const since =
    r.lastVerifiedAtMs === null
      ? "and the user had not logged in with a code yet"
      : `and the last one was ${minutes(Math.max(1, Math.round((r.atMs - r.lastVerifiedAtMs) / 60_000)))} earlier`;
  return {
    sentence:
      `The user tried to turn off 2FA (${METHOD[r.method]}) at ${clockTime(r.atMs)} and was refused: ` +
      `turning it off needs a successful code within the last ${lastWindow}, ${since}.`,
    steps: [
      `Ask the user to log in with ${CODE_FROM[r.method]}, then turn 2FA off within ${window} of it.`,
      "If the user cannot produce a code (lost phone, no recovery code left), a support lead can disable the factor after verifying the user's identity.",
    ],
  };
}
