/**
 * The demo population: who the simulated users are, what goes wrong for each (the injected cause),
 * and when they show up. Pure and deterministic: the same seed, duration and rate give the same
 * population (user ids carry a run number so a second demo on the same data gets fresh users).
 */
import { createRng, type Rng } from "./rng";

export const CAUSES = [
  "healthy",
  "clock_drift",
  "wrong_timezone",
  "stale_secret",
  "digit_typo",
  "counter_mode",
  "replayed_code",
  "secret_typed_by_hand",
  "app_settings",
  "cant_enable",
  "token_pressed_ahead",
  "sms_carrier_failure",
  "earlier_sms",
  "late_sms",
  "lockout",
  "stuffing_victim",
  "sms_pumping",
  "cant_disable",
] as const;
export type Cause = (typeof CAUSES)[number];

/** What the support API should say about a user of each cause (null: nothing to diagnose). */
export const EXPECTED_DIAGNOSIS: Record<Cause, string | null> = {
  healthy: null,
  clock_drift: "clock_skew",
  wrong_timezone: "timezone_offset",
  stale_secret: "stale_secret",
  digit_typo: "digit_typo",
  counter_mode: "counter_mode",
  replayed_code: "replayed_code",
  secret_typed_by_hand: "secret_entry_typo",
  app_settings: "wrong_parameters",
  cant_enable: "clock_skew",
  token_pressed_ahead: "hotp_counter_ahead",
  sms_carrier_failure: "sms_not_delivered",
  earlier_sms: "sms_stale_code",
  late_sms: "sms_expired_code",
  lockout: "locked",
  stuffing_victim: "no_match",
  sms_pumping: "sms_pumping",
  // a refusal is all there is to tell: the answer leads with it, no code pattern behind it
  cant_disable: "no_match",
};

const WEIGHTS: Record<Exclude<Cause, "sms_pumping" | "cant_disable">, number> = {
  healthy: 0.22,
  clock_drift: 0.1,
  wrong_timezone: 0.07,
  stale_secret: 0.07,
  digit_typo: 0.1,
  counter_mode: 0.06,
  replayed_code: 0.03,
  secret_typed_by_hand: 0.03,
  app_settings: 0.03,
  cant_enable: 0.03,
  token_pressed_ahead: 0.03,
  sms_carrier_failure: 0.06,
  earlier_sms: 0.03,
  late_sms: 0.05,
  lockout: 0.04,
  stuffing_victim: 0.13,
};

export interface Persona {
  userId: string;
  cause: Cause;
  ip: string;
  userAgent: string;
  deviceId: string;
  phone?: string;
  /** Device clock minus real time, seconds (clock_drift, wrong_timezone). */
  clockOffsetSeconds?: number;
  /** When the persona shows up, ms after the demo start. */
  startAtMs: number;
  rng: Rng;
}

export interface PopulationOptions {
  seed: number;
  seconds: number;
  rate: number;
  runId: number;
  /** SMS code lifetime; late-SMS users need the demo to outlast it. */
  smsTtlSeconds: number;
}

export interface Population {
  personas: Persona[];
  /** The credential-stuffing wave: attacker IPs and when it runs (ms after start). */
  stuffing: { ips: string[]; startAtMs: number; durationMs: number; attemptsPerVictim: number };
  pumpingPrefix: string;
  lateSmsSkipped: boolean;
  /** Can't-disable users wait out the fresh-verification minute: only in runs that last as long as late SMS. */
  cantDisableSkipped: boolean;
}

const USER_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
];
/** Residential-looking /16s in several countries (first two octets). */
const HOME_NETS = [
  "81.2",
  "89.160",
  "78.46",
  "93.184",
  "176.31",
  "212.58",
  "217.140",
  "24.48",
  "73.92",
  "49.36",
];
const PHONE_PREFIXES = ["+4477009", "+3361234", "+4915123", "+1415555", "+9198765"];
export const PUMPING_PREFIX = "+23276";

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join("");
const homeIp = (rng: Rng) => `${rng.pick(HOME_NETS)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

function timezoneOffset(rng: Rng): number {
  return rng.pick([3600, -3600, 19_800, -19_800]);
}

function driftOffset(rng: Rng): number {
  return (rng.chance(0.5) ? -1 : 1) * rng.int(90, 300);
}

export function buildPopulation(opts: PopulationOptions): Population {
  const rng = createRng(opts.seed);
  const size = Math.max(40, Math.min(5000, Math.round((opts.seconds * opts.rate) / 5)));
  const lateSmsSkipped = opts.seconds < opts.smsTtlSeconds + 5;
  const counts = new Map<Cause, number>();
  for (const [cause, w] of Object.entries(WEIGHTS) as [Cause, number][]) {
    counts.set(cause, cause === "late_sms" && lateSmsSkipped ? 0 : Math.max(2, Math.round(size * w)));
  }
  counts.set("sms_pumping", Math.max(24, Math.round(size * 0.1)));

  const spanMs = opts.seconds * 1000;
  const personas: Persona[] = [];
  let n = 0;
  for (const cause of CAUSES) {
    for (let i = 0; i < (counts.get(cause) ?? 0); i++) {
      const p = rng.fork(`${cause}-${i}`);
      const userId = `demo-r${opts.runId}-${(n++).toString().padStart(4, "0")}`;
      // A third of the healthy users log in with SMS codes: the conversions that make the pumping prefix stand out.
      const sms =
        cause === "sms_carrier_failure" ||
        cause === "late_sms" ||
        cause === "earlier_sms" ||
        (cause === "healthy" && p.chance(0.35));
      personas.push({
        userId,
        cause,
        ip: homeIp(p),
        userAgent: p.pick(USER_AGENTS),
        deviceId: `dev-${p.int(1e6, 9e6)}`,
        phone:
          cause === "sms_pumping"
            ? `${PUMPING_PREFIX}${digits(p, 6)}`
            : sms
              ? `${p.pick(PHONE_PREFIXES)}${digits(p, 5)}`
              : undefined,
        clockOffsetSeconds:
          cause === "clock_drift" || cause === "cant_enable"
            ? driftOffset(p)
            : cause === "wrong_timezone"
              ? timezoneOffset(p)
              : undefined,
        startAtMs: startTime(cause, p, spanMs),
        rng: p,
      });
    }
  }
  // Opaque ids: shuffle so that id order does not reveal the cause.
  const ids = personas.map((p) => p.userId);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
  }
  personas.forEach((p, i) => {
    p.userId = ids[i] as string;
  });
  // Can't-disable users come after the shuffle, with the next ids, so a seed's other users keep
  // the ids the README lists; they start at once (their disable waits out a one-minute window).
  const cantDisable = lateSmsSkipped ? 0 : 2;
  for (let i = 0; i < cantDisable; i++) {
    const p = rng.fork(`cant_disable-${i}`);
    personas.push({
      userId: `demo-r${opts.runId}-${(n++).toString().padStart(4, "0")}`,
      cause: "cant_disable",
      ip: homeIp(p),
      userAgent: p.pick(USER_AGENTS),
      deviceId: `dev-${p.int(1e6, 9e6)}`,
      startAtMs: p.int(0, 2000),
      rng: p,
    });
  }
  personas.sort((a, b) => a.startAtMs - b.startAtMs);

  const attackNets = ["185.220.101", "45.155.205"];
  const ips = Array.from({ length: 24 }, (_, i) => `${attackNets[i % 2]}.${rng.int(2, 250)}`);
  return {
    personas,
    stuffing: {
      ips: [...new Set(ips)],
      startAtMs: Math.round(spanMs * 0.4),
      durationMs: Math.round(spanMs * 0.35),
      attemptsPerVictim: 3,
    },
    pumpingPrefix: PUMPING_PREFIX,
    lateSmsSkipped,
    cantDisableSkipped: cantDisable === 0,
  };
}

function startTime(cause: Cause, rng: Rng, spanMs: number): number {
  switch (cause) {
    case "stuffing_victim":
      return rng.int(0, Math.round(spanMs * 0.25)); // enrolled before the wave
    case "late_sms":
      return rng.int(0, 2000); // the code must outlive its TTL within the demo
    case "sms_pumping":
      return Math.round(spanMs * 0.5) + rng.int(0, Math.min(5000, Math.round(spanMs * 0.2))); // one burst
    default:
      return rng.int(0, Math.round(spanMs * 0.6));
  }
}
