/**
 * `pnpm bench`: hot-path check and diagnosis throughput against a raw node:crypto baseline
 * measured in the same run. Prints one compact table. Each row runs for ~1 s after a warm-up.
 */
import { createHmac } from "node:crypto";
import { verifySync } from "otplib";
import { diagnoseMismatch } from "../src/diagnosis";
import { checkTotp, generateSecret, type TotpParams, totpCode, totpStep } from "../src/otp";

const ROW_MS = 1000;
const P: TotpParams = { algorithm: "SHA1", digits: 6, period: 30 };
const NOW = 1_764_000_000_000;
const secret = generateSecret();
const step = totpStep(NOW, 30);
const good = totpCode(secret, P, step);
const bad = good === "000000" ? "000001" : "000000";
const policy = { window: 1, driftSteps: 0, lastAcceptedStep: step - 10 };
let sink = 0;

function measure(fn: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) fn(i);
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROW_MS) {
    for (let i = 0; i < 200; i++) fn(ops + i);
    ops += 200;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

function rawBaseline(i: number): void {
  const msg = Buffer.alloc(8);
  for (let k = 0; k < 3; k++) {
    msg.writeUInt32BE(step - 1 + k + (i & 1), 4);
    const d = createHmac("sha1", secret).update(msg).digest();
    const o = (d[19] ?? 0) & 15;
    sink ^=
      ((((d[o] ?? 0) & 0x7f) << 24) | ((d[o + 1] ?? 0) << 16) | ((d[o + 2] ?? 0) << 8) | (d[o + 3] ?? 0)) %
      1e6;
  }
}

const totpInput = {
  method: "totp" as const,
  nowMs: NOW,
  secret,
  params: P,
  policy,
  retiredSecrets: [{ secret: generateSecret(), retiredAtMs: NOW - 86_400_000 }],
};
const hotpInput = {
  method: "hotp" as const,
  nowMs: NOW,
  secret,
  params: { algorithm: "SHA1", digits: 6 } as const,
  policy: { counter: 100, lookAhead: 10 },
};
const codeOf = (i: number) => (100000 + ((i * 7919) % 900000)).toString();

const baseline = measure(rawBaseline);
const success = measure(() => {
  sink ^= checkTotp(secret, P, policy, good, NOW).ok ? 1 : 0;
});
const failure = measure(() => {
  sink ^= checkTotp(secret, P, policy, bad, NOW).ok ? 1 : 0;
});
const otplib = measure(() => {
  sink ^= verifySync({ secret, token: bad, epoch: NOW / 1000, epochTolerance: 30 }).valid ? 1 : 0;
});
const candidates = { totp: 0, hotp: 0, confirm: 0 };
const diagTotp = measure((i) => {
  candidates.totp = diagnoseMismatch({ ...totpInput, code: codeOf(i) }).candidatesTried;
});
const diagHotp = measure((i) => {
  candidates.hotp = diagnoseMismatch({ ...hotpInput, code: codeOf(i) }).candidatesTried;
});
const diagConfirm = measure((i) => {
  candidates.confirm = diagnoseMismatch({
    ...totpInput,
    code: codeOf(i),
    enrollmentConfirmation: true,
  }).candidatesTried;
});

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);
const rows: [string, number, string][] = [
  ["baseline: 3× node createHmac-SHA1 + truncation", baseline, "1.00×"],
  ["checkTotp success (±1 window, 3 HMACs)", success, `${(success / baseline).toFixed(2)}× baseline`],
  ["checkTotp failure (mismatch)", failure, `${(failure / baseline).toFixed(2)}× baseline`],
  ["otplib verifySync failure (reference)", otplib, `${(otplib / baseline).toFixed(2)}× baseline`],
  [
    `diagnosis TOTP full no_match (${candidates.totp} cand.)`,
    diagTotp,
    `${(1000 / diagTotp).toFixed(3)} ms/op, ${fmt(diagTotp * candidates.totp).trim()} cand/s`,
  ],
  [
    `diagnosis HOTP full no_match (${candidates.hotp} cand.)`,
    diagHotp,
    `${(1000 / diagHotp).toFixed(3)} ms/op, ${fmt(diagHotp * candidates.hotp).trim()} cand/s`,
  ],
  [
    `diagnosis TOTP confirmation (${candidates.confirm} cand.)`,
    diagConfirm,
    `${(1000 / diagConfirm).toFixed(3)} ms/op, ${fmt(diagConfirm * candidates.confirm).trim()} cand/s`,
  ],
];
console.log(`node ${process.version}, ${ROW_MS} ms per row`);
console.log(`${"measurement".padEnd(52)}${"ops/s".padStart(10)}   ratio / cost`);
for (const [name, ops, note] of rows) console.log(`${name.padEnd(52)}${fmt(ops)}   ${note}`);
if (sink === 0.5) console.log("");
