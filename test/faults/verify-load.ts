/**
 * A steady verify load on a running platform for outage tests: users enrolled over HTTP, then one
 * verify every `intervalMs` whatever the previous ones do (open loop), each answer checked and
 * timed, tagged with the phase of the test it was sent in.
 */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import type { Banner } from "../e2e/platform-process";
import { verifierCall } from "../e2e/support-client";

const TOTP = { algorithm: "SHA1", digits: 6, period: 30 } as const;

export interface LoadUser {
  userId: string;
  key: Uint8Array;
  /** The step of the last code this test expects the verifier to have accepted. */
  lastAccepted: number;
}

export async function enrollUsers(banner: Banner, count: number): Promise<LoadUser[]> {
  const call = <T>(method: string, path: string, body?: unknown) =>
    verifierCall<T>(banner.verifierUrl, banner.apiKey, method, path, body);
  const run = Date.now().toString(36);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const userId = `broker-${run}-${i}`;
      const enrolled = await call<{ factorId: string; secret: string }>(
        "POST",
        `/v1/users/${userId}/factors`,
        {
          method: "totp",
        },
      );
      if (enrolled.status !== 201) throw new Error(`enroll ${userId}: ${enrolled.status}`);
      const key = decodeBase32(enrolled.json.secret);
      const step = totpStep(Date.now(), 30);
      const confirmed = await call<{ confirmed: boolean }>(
        "POST",
        `/v1/users/${userId}/factors/${enrolled.json.factorId}/confirm`,
        { code: totpCode(key, TOTP, step) },
      );
      if (confirmed.json.confirmed !== true) throw new Error(`confirm ${userId}: ${confirmed.status}`);
      return { userId, key, lastAccepted: step };
    }),
  );
}

/** A code of none of the steps around `step` (nor of a learned drift): always invalid_code. */
function wrongCode(key: Uint8Array, step: number): string {
  const near = new Set(Array.from({ length: 25 }, (_, i) => totpCode(key, TOTP, step - 12 + i)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.has(code)) return code;
  }
}

export interface Sample<P extends string = string> {
  phase: P;
  ms: number;
  /** Null when the answer was the expected one. */
  problem: string | null;
}

/**
 * One verify every `intervalMs` whatever the previous ones do (open loop), each answer checked: a user
 * whose current step is unspent sends its code (accepted), else a wrong one (invalid_code). Near a
 * step boundary only wrong codes are sent, so the test's and the verifier's step always agree.
 */
export function startVerifyLoad<P extends string>(
  banner: Banner,
  users: LoadUser[],
  opts: { intervalMs: number; phase: () => P },
) {
  const samples: Sample<P>[] = [];
  const inflight = new Set<Promise<void>>();
  let next = 0;
  const fire = async () => {
    const user = users[next++ % users.length];
    if (!user) return;
    const at = opts.phase();
    const now = Date.now();
    const step = totpStep(now, 30);
    const intoStep = now % 30_000;
    const right = step > user.lastAccepted && intoStep > 1000 && intoStep < 29_000;
    if (right) user.lastAccepted = step;
    const t0 = performance.now();
    let problem: string | null = null;
    try {
      const res = await fetch(`${banner.verifierUrl}/v1/verify`, {
        method: "POST",
        headers: { authorization: `Bearer ${banner.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          userId: user.userId,
          code: right ? totpCode(user.key, TOTP, step) : wrongCode(user.key, step),
          context: { ip: "81.2.69.142", userAgent: "broker-outage" },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { accepted?: boolean; reason?: string };
      const ok = res.status === 200 && body.accepted === right && (right || body.reason === "invalid_code");
      if (!ok) problem = `${res.status} ${JSON.stringify(body)} (expected accepted=${right})`;
    } catch (e) {
      problem = `no answer: ${(e as Error).message}`;
    }
    samples.push({ phase: at, ms: performance.now() - t0, problem });
  };
  const timer = setInterval(() => {
    const f = fire();
    inflight.add(f);
    void f.finally(() => inflight.delete(f));
  }, opts.intervalMs);
  return {
    /** Stops firing and resolves with every sample once the requests in flight answered. */
    async stop(): Promise<Sample<P>[]> {
      clearInterval(timer);
      await Promise.all(inflight);
      return samples;
    },
  };
}
