import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typo } from "./personas";
import { buildPopulation, CAUSES, EXPECTED_DIAGNOSIS, PUMPING_PREFIX } from "./population";
import { createRng } from "./rng";

const opts = { seed: 42, seconds: 60, rate: 25, runId: 1, smsTtlSeconds: 30 };
const shape = (p: ReturnType<typeof buildPopulation>) =>
  p.personas.map((x) => [x.userId, x.cause, x.ip, x.phone, x.clockOffsetSeconds, x.startAtMs]);

describe("demo population", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(shape(buildPopulation(opts))).toEqual(shape(buildPopulation(opts)));
    expect(shape(buildPopulation({ ...opts, seed: 43 }))).not.toEqual(shape(buildPopulation(opts)));
  });

  it("has every injected cause, realistic offsets and one pumping prefix", () => {
    const pop = buildPopulation(opts);
    const causes = new Set(pop.personas.map((p) => p.cause));
    expect([...causes].sort()).toEqual([...CAUSES].sort());
    for (const p of pop.personas) {
      if (p.cause === "clock_drift") expect(Math.abs(p.clockOffsetSeconds ?? 0)).toBeGreaterThanOrEqual(90);
      if (p.cause === "clock_drift") expect(Math.abs(p.clockOffsetSeconds ?? 0)).toBeLessThanOrEqual(300);
      if (p.cause === "wrong_timezone") expect([3600, 19_800]).toContain(Math.abs(p.clockOffsetSeconds ?? 0));
      if (p.cause === "sms_pumping") expect(p.phone?.startsWith(PUMPING_PREFIX)).toBe(true);
      if (p.phone) expect(p.phone).toMatch(/^\+[1-9]\d{7,14}$/);
      expect(p.startAtMs).toBeLessThan(opts.seconds * 1000);
    }
    expect(new Set(pop.personas.map((p) => p.userId)).size).toBe(pop.personas.length);
    expect(pop.stuffing.ips.length).toBeGreaterThanOrEqual(10);
  });

  it("the README's example users have the causes it lists (first run, default seed and length)", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    const rows = [
      ...readme.matchAll(/^\| [^|]+ \| ([a-z_ /]+) \| (`demo-r1-\d{4}`(?: \/ `demo-r1-\d{4}`)?) \|$/gm),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const pop = buildPopulation({ seed: 42, seconds: 60, rate: 25, runId: 1, smsTtlSeconds: 30 });
    const causeOf = new Map(pop.personas.map((p) => [p.userId, p.cause as string]));
    for (const [, causes, users] of rows) {
      const ids = [...(users ?? "").matchAll(/demo-r1-\d{4}/g)].map((m) => m[0]);
      expect(ids.map((id) => causeOf.get(id))).toEqual((causes ?? "").split(" / "));
    }
    const query = /user\(id: "(demo-r1-\d{4})"/.exec(readme)?.[1] ?? "";
    expect(EXPECTED_DIAGNOSIS[causeOf.get(query) as keyof typeof EXPECTED_DIAGNOSIS]).not.toBeNull();
  });

  it("skips late-SMS users when the demo is shorter than the code lifetime", () => {
    const short = buildPopulation({ ...opts, seconds: 15 });
    expect(short.lateSmsSkipped).toBe(true);
    expect(short.personas.some((p) => p.cause === "late_sms")).toBe(false);
    expect(short.cantDisableSkipped).toBe(true);
    expect(short.personas.some((p) => p.cause === "cant_disable")).toBe(false);
  });

  it("a typo is never the code itself and keeps its length", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), fc.integer({ min: 0, max: 2 ** 31 }), (code, seed) => {
        const t = typo(code, createRng(seed));
        expect(t).not.toBe(code);
        expect(t).toMatch(/^\d{6}$/);
      }),
    );
  });
});
