/**
 * What each simulated user does, by injected cause. Every step is a real HTTP call to the verifier
 * with codes computed the way the user's phone would compute them (wrong clock, old secret,
 * counter mode, typos…). Think times are real waits: this is traffic pacing, not a test.
 */
import { decodeBase32, encodeBase32, hotpCode, totpCode, totpStep } from "@factorlens/domain";
import type { Persona } from "./population";
import type { DemoCarrier } from "./sms-carrier";
import type { DemoStats } from "./stats";
import type { CallContext, VerifierClient } from "./verifier-client";

export interface ScriptEnv {
  client: VerifierClient;
  carrier: DemoCarrier;
  stats: DemoStats;
  /** No new login starts after this (ms since epoch). */
  deadline: number;
  signal: AbortSignal;
  smsTtlSeconds: number;
  now(): number;
}

const PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** After the demo verifier's one-minute fresh-verification window, with a margin. */
const DISABLE_AFTER_MS = 65_000;

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const ctxOf = (p: Persona): CallContext => ({ ip: p.ip, userAgent: p.userAgent, deviceId: p.deviceId });
const codeAt = (secret: Uint8Array, ms: number) => totpCode(secret, PARAMS, totpStep(ms, 30));
const randomCode = (p: Persona) => String(p.rng.int(0, 999_999)).padStart(6, "0");

/** An adjacent swap of two different digits, or one digit replaced. Never the original code. */
export function typo(code: string, rng: Persona["rng"]): string {
  const chars = [...code];
  if (rng.chance(0.5)) {
    const pairs = [...chars.keys()].filter((i) => i + 1 < chars.length && chars[i] !== chars[i + 1]);
    if (pairs.length > 0) {
      const i = rng.pick(pairs);
      [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
      return chars.join("");
    }
  }
  const i = rng.int(0, chars.length - 1);
  const old = Number(chars[i]);
  chars[i] = String((old + rng.int(1, 9)) % 10);
  return chars.join("");
}

async function think(p: Persona, env: ScriptEnv, minMs = 1500, maxMs = 6000) {
  await sleep(p.rng.int(minMs, maxMs), env.signal);
}

/**
 * Waits for the first TOTP step after `step` (a correct code of an already used step is a replay).
 * False, without waiting, when that step begins after the demo's deadline.
 */
async function nextStep(step: number, env: ScriptEnv): Promise<boolean> {
  const at = (step + 1) * 30_000 + 300;
  if (at > env.deadline) return false;
  if (at > env.now()) await sleep(at - env.now(), env.signal);
  return true;
}

async function login(p: Persona, env: ScriptEnv, code: string, method: "totp" | "hotp" | "sms" = "totp") {
  const answer = await env.client.verify(p.userId, code, method, ctxOf(p));
  env.stats.verified(p.cause, answer, p.userId);
  return answer;
}

async function enrollTotp(p: Persona, env: ScriptEnv) {
  const { factorId, secret } = await env.client.enrollTotp(p.userId);
  const key = decodeBase32(secret);
  await think(p, env, 2000, 5000); // scanning the QR code
  const at = env.now();
  const code = codeAt(key, at);
  if (!(await env.client.confirm(p.userId, factorId, code))) throw new Error("confirmation refused");
  return { factorId, key, step: totpStep(at, 30), code, confirmedAtMs: env.now() };
}

/** A base32 key with two neighbouring, different characters swapped (typed by hand). */
export function swapNeighbours(key: string, rng: Persona["rng"]): string {
  const pairs = [...key].flatMap((c, i) => (i + 1 < key.length && c !== key[i + 1] ? [i] : []));
  const i = rng.pick(pairs);
  return key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2);
}

async function enrollSms(p: Persona, env: ScriptEnv) {
  const phone = p.phone as string;
  const { factorId } = await env.client.enrollSms(p.userId, phone);
  env.stats.sms(p.cause, p.userId);
  const code = await env.carrier.nextCode(phone, env.signal);
  await think(p, env, 1000, 3000);
  if (!(await env.client.confirm(p.userId, factorId, code))) throw new Error("confirmation refused");
  return factorId;
}

const active = (env: ScriptEnv) => env.now() < env.deadline;

export const SCRIPTS: Record<Persona["cause"], (p: Persona, env: ScriptEnv) => Promise<void>> = {
  async healthy(p, env) {
    if (p.phone) {
      const factorId = await enrollSms(p, env);
      for (let i = 0; i < 2 && active(env); i++) {
        await think(p, env, 2000, 12_000);
        await env.client.smsChallenge(p.userId, factorId);
        env.stats.sms(p.cause, p.userId);
        const code = await env.carrier.nextCode(p.phone, env.signal);
        await think(p, env, 1000, 4000);
        await login(p, env, code, "sms");
      }
      return;
    }
    const f = await enrollTotp(p, env);
    let step = f.step;
    while (active(env)) {
      if (!(await nextStep(step, env))) break;
      await think(p, env, 0, 8000);
      if (!active(env)) break;
      const at = env.now();
      await login(p, env, codeAt(f.key, at));
      step = totpStep(at, 30);
    }
  },
  async stuffing_victim(p, env) {
    const f = await enrollTotp(p, env);
    if (!(await nextStep(f.step, env))) return;
    await think(p, env);
    if (active(env)) await login(p, env, codeAt(f.key, env.now()));
  },
  async clock_drift(p, env) {
    const f = await enrollTotp(p, env); // the phone clock drifted after enrollment
    for (let i = 0; i < p.rng.int(2, 3) && active(env); i++) {
      await think(p, env);
      await login(p, env, codeAt(f.key, env.now() + (p.clockOffsetSeconds ?? 0) * 1000));
    }
  },
  async wrong_timezone(p, env) {
    const f = await enrollTotp(p, env);
    for (let i = 0; i < p.rng.int(2, 3) && active(env); i++) {
      await think(p, env);
      await login(p, env, codeAt(f.key, env.now() + (p.clockOffsetSeconds ?? 0) * 1000));
    }
  },
  async stale_secret(p, env) {
    const old = await enrollTotp(p, env);
    await env.client.disable(p.userId, old.factorId, "new phone");
    await enrollTotp(p, env); // re-enrolled, but the app kept the old entry and the user picks it
    for (let i = 0; i < 2 && active(env); i++) {
      await think(p, env);
      await login(p, env, codeAt(old.key, env.now()));
    }
  },
  async digit_typo(p, env) {
    const f = await enrollTotp(p, env);
    await think(p, env);
    await login(p, env, typo(codeAt(f.key, env.now()), p.rng));
    if (p.rng.chance(0.5) && active(env)) {
      await think(p, env, 500, 2000);
      await login(p, env, typo(codeAt(f.key, env.now()), p.rng));
    }
    if ((await nextStep(f.step, env)) && active(env)) await login(p, env, codeAt(f.key, env.now())); // gets it right
  },
  async counter_mode(p, env) {
    const f = await enrollTotp(p, env); // later re-added by hand, as "counter based"
    for (let counter = p.rng.int(0, 1), i = 0; i < 3 && active(env); i++, counter++) {
      await think(p, env);
      await login(p, env, hotpCode(f.key, { algorithm: "SHA1", digits: 6 }, counter));
    }
  },
  async replayed_code(p, env) {
    const f = await enrollTotp(p, env);
    // logs in right after enabling, with the code that just confirmed it (a double submit too)
    for (let i = 0; i < 2 && (i === 0 || active(env)); i++) {
      await think(p, env, 300, 1500);
      await login(p, env, f.code);
    }
  },
  async secret_typed_by_hand(p, env) {
    // no camera: the setup key typed by hand, two neighbouring characters swapped; the user
    // reads the app's code as it changes, and gives up after two tries (the factor stays pending)
    const { factorId, secret } = await env.client.enrollTotp(p.userId);
    const typed = decodeBase32(swapNeighbours(secret, p.rng));
    for (let i = 0; i < 2 && (i === 0 || active(env)); i++) {
      await think(p, env, 2000, 4000);
      const code = codeAt(typed, env.now() - 30_000);
      if (!(await env.client.confirm(p.userId, factorId, code))) env.stats.shown(p.cause, p.userId);
    }
  },
  async app_settings(p, env) {
    const f = await enrollTotp(p, env); // re-added by hand later, with 60-second codes
    for (let i = 0; i < 2 && (i === 0 || active(env)); i++) {
      await think(p, env);
      await login(p, env, totpCode(f.key, { ...PARAMS, period: 60 }, totpStep(env.now(), 60)));
    }
  },
  async cant_enable(p, env) {
    // the phone's clock is minutes off from the start: the first code after scanning fails
    const { factorId, secret } = await env.client.enrollTotp(p.userId);
    const key = decodeBase32(secret);
    for (let i = 0; i < 3 && (i === 0 || active(env)); i++) {
      await think(p, env, 2000, 4000);
      const code = codeAt(key, env.now() + (p.clockOffsetSeconds ?? 0) * 1000);
      if (!(await env.client.confirm(p.userId, factorId, code))) env.stats.shown(p.cause, p.userId);
    }
  },
  async earlier_sms(p, env) {
    const factorId = await enrollSms(p, env);
    const phone = p.phone as string;
    await think(p, env);
    await env.client.smsChallenge(p.userId, factorId);
    env.stats.sms(p.cause, p.userId);
    const first = await env.carrier.nextCode(phone, env.signal);
    await think(p, env, 1000, 2000); // "it didn't come": asks again, then types the first one
    await env.client.smsChallenge(p.userId, factorId);
    env.stats.sms(p.cause, p.userId);
    await env.carrier.nextCode(phone, env.signal);
    for (let i = 0; i < 2 && (i === 0 || active(env)); i++) {
      await think(p, env, 1000, 3000);
      await login(p, env, first, "sms");
    }
  },
  async cant_disable(p, env) {
    // turns 2FA off on the account page a while after enabling it, with no code since: refused
    const f = await enrollTotp(p, env);
    await sleep(Math.max(0, f.confirmedAtMs + DISABLE_AFTER_MS - env.now()), env.signal);
    if (!(await env.client.disableAsUser(p.userId, f.factorId))) env.stats.shown(p.cause, p.userId);
  },
  async token_pressed_ahead(p, env) {
    // a hardware token, pressed 60 times in a bag since the last login
    const key = Uint8Array.from({ length: 20 }, () => p.rng.int(0, 255));
    const { factorId } = await env.client.enrollHotp(p.userId, encodeBase32(key));
    const hotp = (counter: number) => hotpCode(key, { algorithm: "SHA1", digits: 6 }, counter);
    if (!(await env.client.confirm(p.userId, factorId, hotp(0)))) throw new Error("confirmation refused");
    for (let i = 0; i < 2 && (i === 0 || active(env)); i++) {
      await think(p, env);
      await login(p, env, hotp(61 + i), "hotp");
    }
  },
  async sms_carrier_failure(p, env) {
    const factorId = await enrollSms(p, env);
    env.carrier.setPlan(p.phone as string, () => ({ kind: "fail", carrierErrorCode: "30007", delayMs: 800 }));
    for (let i = 0; i < 2 && active(env); i++) {
      await think(p, env);
      await env.client.smsChallenge(p.userId, factorId);
      env.stats.sms(p.cause, p.userId);
      await think(p, env, 3000, 6000); // nothing arrives; the user types something anyway
      await login(p, env, randomCode(p), "sms");
    }
  },
  async late_sms(p, env) {
    const factorId = await enrollSms(p, env);
    const delayMs = (env.smsTtlSeconds + 3) * 1000;
    env.carrier.setPlan(p.phone as string, () => ({ kind: "deliver", delayMs }));
    await think(p, env);
    await env.client.smsChallenge(p.userId, factorId);
    env.stats.sms(p.cause, p.userId);
    const code = await env.carrier.nextCode(p.phone as string, env.signal);
    await think(p, env, 1000, 3000);
    await login(p, env, code, "sms"); // typed after it expired
  },
  async lockout(p, env) {
    await enrollTotp(p, env);
    for (let i = 0; i < 12; i++) {
      await think(p, env, 300, 1500);
      const answer = await login(p, env, randomCode(p));
      if (answer.reason === "locked") break;
    }
  },
  async sms_pumping(p, env) {
    // never confirmed: nobody reads these; once the SMS guard trips, the rest of the burst is refused
    const sent = await env.client.enrollSmsUnlessRefused(p.userId, p.phone as string);
    if (sent) env.stats.sms(p.cause, p.userId);
    else env.stats.smsRefused(p.cause);
  },
};
