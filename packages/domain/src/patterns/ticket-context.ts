import { isLockRunning } from "../decider/state";

/**
 * What the agent must hear before the pattern of the codes: facts of the account at the moment
 * of the lookup (a lockout running now, failures from IPs that fail for other accounts too). Pure;
 * the support API gathers the facts from the read models and the clock.
 */
export interface TicketFacts {
  nowMs: number;
  /** The last lockout, whether or not it is still running; null when the user was never locked. */
  lockout: { lockedUntilMs: number; failures: number | null } | null;
  /** The account's guessing budget is spent: it stays locked until an audited unlock. */
  budgetSpent?: boolean;
  /** The user's failing IPs and networks as seen by the fraud read models (absent: not known). */
  sharedSources?: {
    userIps: number;
    sharedIps: number;
    otherAccountsByIp: number;
    otherAccountsByNetwork: number;
  };
}

/** Other accounts failing from the same sources before the failures read as an attack. */
export const STUFFING_MIN_OTHER_ACCOUNTS = 3;

export interface TicketAdvice {
  /** Sentences that go before the pattern's summary, most important first. */
  lead: string[];
  /** Sentences that go after it. */
  tail: string[];
  /** Steps that go before the pattern's steps. */
  steps: string[];
  /** The failures are someone else's: the steps for the user's codes do not apply. */
  attack: boolean;
}

/** "09:49 UTC": the agent's console shows UTC times; minutes are enough to read out. */
export const clockTime = (ms: number): string => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/** "37 s", "4 min", "2 h 5 min". */
export function inHowLong(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

export function adviseTicket(facts: TicketFacts): TicketAdvice {
  const advice: TicketAdvice = { lead: [], tail: [], steps: [], attack: false };
  const { lockout, nowMs } = facts;
  const shared = facts.sharedSources;
  if (shared && shared.sharedIps > 0 && shared.otherAccountsByIp >= STUFFING_MIN_OTHER_ACCOUNTS) {
    const ips = shared.sharedIps === 1 ? "an IP that fails" : `${shared.sharedIps} IPs that fail`;
    advice.lead.push(
      `These codes were typed from ${ips} for ${shared.otherAccountsByIp} other accounts: the password is probably known to someone else.`,
    );
  } else if (shared && shared.otherAccountsByNetwork >= STUFFING_MIN_OTHER_ACCOUNTS) {
    advice.lead.push(
      `These codes were typed from networks where codes fail for ${shared.otherAccountsByNetwork} other accounts: the password may be known to someone else.`,
    );
  }
  if (advice.lead.length > 0) {
    advice.attack = true;
    advice.steps.push(
      "Don't reset or disable 2FA on this call: it is what stops whoever has the password. Advise the user to change their password (and any account that reuses it).",
    );
  }
  if (facts.budgetSpent) {
    advice.lead.push(
      "The account is locked until a support unlock: so many codes failed without a success that its guessing budget is spent. It does not unlock by itself.",
    );
    advice.steps.push(
      "Unlock only after verifying the user's identity: an unlock gives whoever typed those codes a new budget. If the user did not type them, advise a password change first.",
    );
  } else if (lockout && isLockRunning(new Date(lockout.lockedUntilMs).toISOString(), new Date(nowMs))) {
    const until = clockTime(lockout.lockedUntilMs);
    const why =
      lockout.failures === null
        ? "after repeated failed codes"
        : `after ${lockout.failures} failed codes in a row`;
    advice.lead.push(
      `The account is locked until ${until} (in ${inHowLong(lockout.lockedUntilMs - nowMs)}) ${why}.`,
    );
    advice.steps.push(
      `It unlocks by itself at ${until}. Unlocking it now lets anyone with the password try codes again at once: unlock it sooner only after verifying the user's identity.`,
    );
  } else if (lockout && nowMs - lockout.lockedUntilMs < 24 * 3600_000) {
    advice.tail.push(`The lockout ended at ${clockTime(lockout.lockedUntilMs)}; the user can try again.`);
  }
  return advice;
}

/**
 * A factor that learned a clock drift while the phone's codes now match server time (its clock
 * was fixed): the drifted window misses them. The fix is the support action, not the phone.
 * Null when the measured skew is closer to the learned drift than to server time.
 */
export function staleDriftAdvice(
  driftSteps: number | null,
  skewSeconds: number | null,
  periodSeconds = 30,
): { summary: string; steps: string[] } | null {
  if (driftSteps === null || driftSteps === 0 || skewSeconds === null) return null;
  const learned = driftSteps * periodSeconds;
  if (Math.abs(skewSeconds) * 2 >= Math.abs(learned)) return null;
  const way = learned > 0 ? "ahead" : "behind";
  const amount =
    Math.abs(learned) < 120
      ? `${Math.abs(learned)} seconds`
      : `${Math.round(Math.abs(learned) / 60)} minutes`;
  return {
    summary: `The factor learned that the phone's clock runs about ${amount} ${way}, but its codes now match the server's time: the clock was fixed, and the learned drift no longer applies.`,
    steps: [
      'Reset the learned drift (support action "reset drift" on this factor): the user\'s next code then works.',
      "Keep automatic date & time on, so the phone's clock stays right.",
    ],
  };
}
