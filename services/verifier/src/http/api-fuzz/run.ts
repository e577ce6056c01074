/**
 * Runs fuzz cases against a verifier through `app.inject`: seeds users in known states (active
 * TOTP, pending TOTP, HOTP, SMS, none) so generated ids reach past "not found", sends each case,
 * checks each answer and groups the failures by operation and check, keeping the smallest example.
 */
import { decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import fc from "fast-check";
import { KEYS } from "../../testing/harness";
import type { InMemoryHarness } from "../../testing/in-memory";
import type { Hints } from "./arbitraries";
import { caseArbitrary, type FuzzCase, type Keys, unknownPathArbitrary } from "./cases";
import { type Answer, checkAnswer } from "./checks";
import type { Operation } from "./contract";

export const FUZZ_KEYS: Keys = {
  byScope: { verify: [KEYS.verify, KEYS.admin], enroll: [KEYS.enroll, KEYS.admin], admin: [KEYS.admin] },
  all: [KEYS.verify, KEYS.enroll, KEYS.admin],
};
const bearer = (k: keyof typeof KEYS) => ({ authorization: `Bearer ${KEYS[k]}` });
const HOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export interface Seeded {
  users: string[];
  factors: string[];
  /** userId → TOTP secret (base32) of its pending or active TOTP factor */
  totp: Map<string, string>;
}

export async function seed(h: InMemoryHarness): Promise<Seeded> {
  const post = async (url: string, headers: Record<string, string>, payload: object) => {
    const r = await h.app.inject({ method: "POST", url, headers, payload });
    if (r.statusCode >= 300) throw new Error(`seed ${url}: ${r.statusCode} ${r.body}`);
    return r.json() as Record<string, string>;
  };
  const totp = new Map<string, string>();
  const factors: string[] = [];
  const code = (secret: string) =>
    totpCode(decodeBase32(secret), { algorithm: "SHA1", digits: 6, period: 30 }, totpStep(h.clock.now(), 30));
  for (const [user, confirm] of [
    ["fz-active", true],
    ["fz-pending", false],
  ] as const) {
    const e = await post(`/v1/users/${user}/factors`, bearer("enroll"), { method: "totp" });
    totp.set(user, e.secret!);
    factors.push(e.factorId!);
    if (confirm)
      await post(`/v1/users/${user}/factors/${e.factorId}/confirm`, bearer("enroll"), {
        code: code(e.secret!),
      });
  }
  const hotp = await post("/v1/users/fz-hotp/factors", bearer("admin"), {
    method: "hotp",
    secret: HOTP_SECRET,
  });
  factors.push(hotp.factorId!);
  const sms = await post("/v1/users/fz-sms/factors", bearer("enroll"), {
    method: "sms",
    phone: "+447911123456",
  });
  factors.push(sms.factorId!);
  const smsCode = /\b(\d{6})\b/.exec(h.sms.at(-1)?.body ?? "")?.[1] ?? "000000";
  await post(`/v1/users/fz-sms/factors/${sms.factorId}/confirm`, bearer("enroll"), { code: smsCode });
  h.clock.advance(30_000);
  return { users: ["fz-active", "fz-pending", "fz-hotp", "fz-sms", "fz-none"], factors, totp };
}

export const hintsFor = (s: Seeded): Hints => ({
  userId: fc.constantFrom(...s.users),
  factorId: fc.constantFrom(...s.factors),
  messageId: fc.constantFrom("sms-unknown", ...s.factors),
});

export interface Group {
  key: string;
  count: number;
  example: string;
  message: string;
}

/** The generated cases for `runs`, deterministic for a seed. */
export function generate(operations: Operation[], hints: Hints, seedValue: number, runs: number): FuzzCase[] {
  const arb = fc.oneof(
    ...operations.map((op) => ({ weight: 1, arbitrary: caseArbitrary(op, FUZZ_KEYS, hints) })),
    { weight: 1, arbitrary: unknownPathArbitrary(FUZZ_KEYS) },
  );
  return fc.sample(arb, { seed: seedValue, numRuns: runs });
}

export async function send(h: InMemoryHarness, c: FuzzCase, seeded: Seeded): Promise<Answer> {
  h.clock.advance(c.advanceSeconds * 1000);
  let payload: string | undefined;
  if (c.body && "raw" in c.body) payload = c.body.raw;
  else if (c.body) {
    const json = c.body.json as Record<string, unknown> | undefined;
    const user = String(json?.userId ?? /\/users\/([^/]+)/.exec(c.url)?.[1] ?? "");
    const secret = seeded.totp.get(user);
    if (c.validCode && c.expect.kind === "accept" && secret && json && typeof json.code === "string") {
      json.code = totpCode(
        decodeBase32(secret),
        { algorithm: "SHA1", digits: 6, period: 30 },
        totpStep(h.clock.now(), 30),
      );
    }
    payload = JSON.stringify(json);
  }
  const headers = {
    ...(payload !== undefined && !c.headers["content-type"] ? { "content-type": "application/json" } : {}),
    ...c.headers,
  };
  const r = await h.app.inject({
    method: c.method as "GET",
    url: c.url,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: r.statusCode, headers: r.headers, body: r.body };
}

export const describeCase = (c: FuzzCase) =>
  `${c.method} ${c.url} [${c.label}] headers=${JSON.stringify(c.headers)}${c.body ? ` body=${JSON.stringify("raw" in c.body ? c.body.raw.slice(0, 300) : c.body.json)}` : ""}`;

export async function runCases(
  h: InMemoryHarness,
  operations: Operation[],
  cases: FuzzCase[],
  seeded: Seeded,
): Promise<Map<string, Group>> {
  const byId = new Map(operations.map((o) => [o.id, o]));
  const groups = new Map<string, Group>();
  for (const c of cases) {
    const answer = await send(h, c, seeded);
    for (const f of checkAnswer(c, byId.get(c.op), answer)) {
      const key = `${c.op} ${f.check}`;
      const example = `${describeCase(c)} → ${answer.status} ${answer.body.slice(0, 300)}`;
      const g = groups.get(key);
      if (!g) groups.set(key, { key, count: 1, example, message: f.message });
      else {
        g.count++;
        if (example.length < g.example.length) Object.assign(g, { example, message: f.message });
      }
    }
  }
  return groups;
}
