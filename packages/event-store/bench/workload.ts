import { randomUUID } from "node:crypto";
import type { NewEvent } from "../src/port";

/** A challenge outcome of realistic size (~250 bytes of JSON). */
export function sampleEvent(i: number): NewEvent {
  return {
    id: randomUUID(),
    type: "ChallengeFailed",
    data: {
      factorId: `factor-${i % 97}`,
      method: "totp",
      ip: `10.${i % 250}.${(i >> 8) % 250}.7`,
      country: "DE",
      diagnosis: { kind: "clock_skew", skewSeconds: -97, likelihood: 0.003 },
      attempt: i,
    },
    metadata: { correlationId: randomUUID(), source: "bench" },
  };
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `writers` loops of `op` for `seconds`; returns ops/s and latency percentiles (ms). */
export async function timedLoops(
  writers: number,
  seconds: number,
  op: (writer: number, i: number) => Promise<unknown>,
): Promise<{ opsPerSec: number; p50: number; p99: number; ops: number }> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        await op(w, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSec: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ops: latencies.length,
  };
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
