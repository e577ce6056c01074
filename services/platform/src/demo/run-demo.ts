/**
 * `--demo`: drives the running verifier over HTTP with the demo population for `seconds`, prints
 * progress every 5 s and a summary per injected cause. Late-SMS users may finish after the traffic
 * window (their code has to expire first). Aborting the signal (Ctrl-C) ends it early.
 */
import { setMaxListeners } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DemoConfig } from "../config";
import { PlatformError } from "../errors";
import { demoAccountApiKey } from "./account-key";
import { SCRIPTS, type ScriptEnv, sleep } from "./personas";
import { buildPopulation, type Population } from "./population";
import type { DemoCarrier } from "./sms-carrier";
import { createStats, type DemoStats, summaryLines } from "./stats";
import { createVerifierClient } from "./verifier-client";

export interface DemoTarget {
  verifierUrl: string;
  apiKey: string;
  carrier: DemoCarrier;
  smsTtlSeconds: number;
  dataDir: string;
}

export interface DemoResult {
  seed: number;
  runId: number;
  stats: DemoStats;
  population: Population;
}

async function nextRunId(dataDir: string): Promise<number> {
  const path = join(dataDir, "demo-runs");
  const previous = Number.parseInt(await readFile(path, "utf8").catch(() => "0"), 10);
  const runId = (Number.isFinite(previous) ? previous : 0) + 1;
  await writeFile(path, `${runId}\n`);
  return runId;
}

export async function runDemo(
  cfg: DemoConfig,
  target: DemoTarget,
  io: { signal: AbortSignal; out: (line: string) => void; now?: () => number },
): Promise<DemoResult> {
  const now = io.now ?? Date.now;
  const runId = await nextRunId(target.dataDir);
  const population = buildPopulation({ ...cfg, runId, smsTtlSeconds: target.smsTtlSeconds });
  const stats = createStats();
  const client = createVerifierClient({
    baseUrl: target.verifierUrl,
    apiKey: target.apiKey,
    accountApiKey: demoAccountApiKey(target.apiKey),
  });
  target.carrier.attach(client);
  const start = now();
  // Scripts still waiting when the grace period ends are cut off (late SMS need their code to expire).
  const graceMs = (population.lateSmsSkipped ? 5 : target.smsTtlSeconds + 15) * 1000;
  const stop = AbortSignal.any([io.signal, AbortSignal.timeout(cfg.seconds * 1000 + graceMs)]);
  setMaxListeners(0, stop); // one abort listener per waiting user
  const env: ScriptEnv = {
    client,
    carrier: target.carrier,
    stats,
    deadline: start + cfg.seconds * 1000,
    signal: stop,
    smsTtlSeconds: target.smsTtlSeconds,
    now,
  };
  io.out(
    `demo: run ${runId}, seed ${cfg.seed}, ${cfg.seconds} s, ${population.personas.length} users` +
      (population.lateSmsSkipped
        ? ` (late-SMS and can't-disable users need --demo-seconds ≥ ${target.smsTtlSeconds + 5})`
        : ""),
  );
  const progress = setInterval(() => {
    const t = stats.totals();
    io.out(
      `demo: ${Math.round((now() - start) / 1000)}s/${cfg.seconds}s  users ${t.users}  attempts ${t.attempts} ` +
        `(accepted ${t.accepted}, rejected ${t.rejected}, locked ${t.locked})  sms ${t.smsSent}`,
    );
  }, 5000);

  const runOne = async (p: (typeof population.personas)[number]) => {
    try {
      await sleep(Math.max(0, start + p.startAtMs - now()), stop);
      stats.user(p.cause);
      await SCRIPTS[p.cause](p, env);
    } catch (e) {
      if (!stop.aborted) stats.error(p.cause, e);
    }
  };
  const stuffing = async () => {
    const victims = population.personas.filter((p) => p.cause === "stuffing_victim");
    const wave = population.stuffing;
    const total = victims.length * wave.attemptsPerVictim;
    const rng = victims[0]?.rng.fork("stuffing");
    if (!rng) return;
    const inFlight: Promise<void>[] = [];
    try {
      await sleep(Math.max(0, start + wave.startAtMs - now()), stop);
      for (let i = 0; i < total && !stop.aborted; i++) {
        const victim = victims[i % victims.length] as (typeof victims)[number];
        const ip = rng.pick(wave.ips);
        const attempt = client
          .verify(victim.userId, String(rng.int(0, 999_999)).padStart(6, "0"), "totp", {
            ip,
            userAgent: "python-requests/2.31.0",
            deviceId: `bot-${ip.replaceAll(".", "-")}`,
          })
          .then((a) => stats.verified("stuffing_victim", a, victim.userId))
          .catch((e: unknown) => stats.error("stuffing_victim", e));
        inFlight.push(attempt);
        await sleep(wave.durationMs / total, stop);
      }
    } catch (e) {
      if (!stop.aborted) stats.error("stuffing_victim", e);
    }
    await Promise.all(inFlight);
  };

  try {
    await Promise.all([...population.personas.map(runOne), stuffing()]);
  } finally {
    clearInterval(progress);
  }
  const t = stats.totals();
  if (t.attempts === 0 && !io.signal.aborted) {
    throw new PlatformError(
      "demo_failed",
      `the demo made no verification (first error: ${stats.firstError})`,
    );
  }
  io.out(
    `demo: finished in ${Math.round((now() - start) / 1000)} s: ${t.users} users, ${t.attempts} verifications ` +
      `(${t.accepted} accepted, ${t.rejected} rejected, ${t.locked} locked), ${t.smsSent} SMS` +
      (t.smsRefused > 0 ? ` (${t.smsRefused} refused by the SMS guard)` : "") +
      (t.errors > 0 ? `, ${t.errors} errors (first: ${stats.firstError})` : ""),
  );
  for (const line of summaryLines(stats)) io.out(line);
  io.out(
    `demo: SMS pumping burst to ${population.pumpingPrefix}…, stuffing wave from ${population.stuffing.ips.length} IPs`,
  );
  io.out(
    `demo summary: ${JSON.stringify({
      runId,
      seed: cfg.seed,
      causes: Object.fromEntries(
        Object.entries(stats.byCause)
          .filter(([, s]) => s.users > 0)
          .map(([c, s]) => [
            c,
            {
              users: s.users,
              attempts: s.attempts,
              errors: s.errors,
              examples: s.examples,
              ...(s.smsRefused > 0 ? { smsRefused: s.smsRefused } : {}),
            },
          ]),
      ),
    })}`,
  );
  return { seed: cfg.seed, runId, stats, population };
}
