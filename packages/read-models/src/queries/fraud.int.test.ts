import { toStoredEvent } from "@factorlens/domain";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSchema } from "../db";
import { isReadModelsError } from "../errors";
import { nullGeoResolver } from "../geo/geo-resolver";
import { migrate } from "../migrate";
import { projectBatch } from "../projection/project-batch";
import { DEMO_PUMPING_PREFIX, fraudPopulation, STUFFING_NET } from "../testing";
import type { Connection } from "./common";
import { failuresGrouped, ipsFailingForManyUsers } from "./fraud";
import { smsPumpingCandidates } from "./sms-pumping";

const T0 = Date.parse("2026-03-02T09:00:00Z");
const HOUR = { from: "2026-03-02T09:00:00Z", to: "2026-03-02T11:00:00Z" };
const iso = (ms: number) => new Date(ms).toISOString();
const nodes = <N>(c: Connection<N>) => c.edges.map((e) => e.node);

describe("fraud lists on the demo's waves", () => {
  let tdb: TestDatabase;
  const pop = fraudPopulation(T0);
  const db = () => withSchema(tdb.pool, "rm_fraud");
  beforeAll(async () => {
    tdb = await createTestDatabase("rm_fraud");
    await migrate(tdb.pool, { schema: "rm_fraud" });
    const stored = pop.events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    // two batches: a verification is projected after the send it converts
    const half = Math.floor(stored.length / 2);
    await projectBatch(tdb.pool, stored.slice(0, half), { schema: "rm_fraud", geo: nullGeoResolver });
    await projectBatch(tdb.pool, stored.slice(half), { schema: "rm_fraud", geo: nullGeoResolver });
  });
  afterAll(() => tdb.drop());

  it("ranks the pumped prefix first with conversion 0, the healthy ones at their real conversion", async () => {
    const list = nodes(await smsPumpingCandidates(db(), { ...HOUR, minSends: 1, maxConversion: 1 }));
    expect(list[0]).toMatchObject({
      numberPrefix: DEMO_PUMPING_PREFIX,
      country: "SL",
      numberType: "mobile",
      conversion: 0,
    });
    expect(list[0]?.sends).toBe(pop.sms.get(DEMO_PUMPING_PREFIX)?.sends);
    for (const c of list.slice(1)) {
      const truth = pop.sms.get(c.numberPrefix)!;
      expect(c.sends, c.numberPrefix).toBe(truth.sends);
      expect(c.verified, c.numberPrefix).toBe(truth.verified);
      expect(c.conversion, c.numberPrefix).toBeGreaterThan(0.9);
    }
    expect(list.map((c) => c.numberPrefix).sort()).toEqual([...pop.sms.keys()].sort());
    expect(list.find((c) => c.numberPrefix === "+9198")).toMatchObject({
      country: "IN",
      numberType: "mobile",
    });
    // the demo's +1 numbers have 11 national digits: not valid, so no country can be told for +1
    expect(list.find((c) => c.numberPrefix === "+141")).toMatchObject({ country: "", numberType: "unknown" });
  });

  it("counts exactly the failures inside a 10-minute window, wherever it starts in the hour", async () => {
    for (const start of [T0 + 12 * 60_000 + 30_000, T0 + 41 * 60_000 + 7_000]) {
      const window = { from: iso(start), to: iso(start + 600_000) };
      const expected = pop.failureTimes.filter((t) => t >= start && t < start + 600_000).length;
      const groups = nodes(await failuresGrouped(db(), { ...window, by: "reason" }));
      expect(groups.reduce((n, g) => n + g.failures, 0)).toBe(expected);
    }
  });

  it("groups by /24 with distinct users and the share nothing explains, and filters by pattern", async () => {
    const [top] = nodes(await failuresGrouped(db(), { ...HOUR, by: "prefix" }));
    expect(top).toMatchObject({
      key: `${STUFFING_NET}.0/24`,
      failures: 80,
      distinctUsers: 40,
      distinctIps: 20,
      unexplained: 80,
    });
    const byPattern = nodes(await failuresGrouped(db(), { ...HOUR, by: "pattern" }));
    expect(byPattern.map((g) => [g.key, g.failures])).toEqual([
      ["no_match", 80],
      ["clock_skew", 12],
    ]);
    const drifting = nodes(
      await failuresGrouped(db(), { ...HOUR, by: "ip", filters: { pattern: "clock_skew" } }),
    );
    expect(drifting.reduce((n, g) => n + g.failures, 0)).toBe(12);
    const ips = nodes(await ipsFailingForManyUsers(db(), { ...HOUR, minUsers: 3 }));
    expect(ips.every((r) => r.ip.startsWith(`${STUFFING_NET}.`) && r.distinctUsers >= 3)).toBe(true);
  });

  it("pages every list with a cursor: no gaps, no repeats, same order as one page", async () => {
    const whole = nodes(await failuresGrouped(db(), { ...HOUR, by: "ip", first: 100 }));
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof failuresGrouped>> = await failuresGrouped(db(), {
        ...HOUR,
        by: "ip",
        first: 7,
        after,
      });
      paged.push(...page.edges.map((e) => e.node.key));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(whole.map((g) => g.key));
    const sms = await smsPumpingCandidates(db(), { ...HOUR, minSends: 1, maxConversion: 1, first: 2 });
    const next = await smsPumpingCandidates(db(), {
      ...HOUR,
      minSends: 1,
      maxConversion: 1,
      first: 2,
      after: sms.pageInfo.endCursor,
    });
    expect(nodes(next).map((c) => c.numberPrefix)).not.toContain(nodes(sms)[0]?.numberPrefix);
  });

  it("refuses every out-of-range argument, naming it", async () => {
    const cases: [string, () => Promise<unknown>][] = [
      ["first", () => failuresGrouped(db(), { ...HOUR, by: "ip", first: 0 })],
      ["reason", () => failuresGrouped(db(), { ...HOUR, by: "ip", filters: { reason: "nope" } })],
      ["pattern", () => failuresGrouped(db(), { ...HOUR, by: "ip", filters: { pattern: "nope" } })],
      ["ip", () => failuresGrouped(db(), { ...HOUR, by: "ip", filters: { ip: "1.2.3" } })],
      ["to", () => failuresGrouped(db(), { from: HOUR.to, to: HOUR.from, by: "ip" })],
      ["after", () => failuresGrouped(db(), { ...HOUR, by: "ip", after: "bm9wZQ" })],
      ["minUsers", () => ipsFailingForManyUsers(db(), { ...HOUR, minUsers: 0 })],
      ["maxConversion", () => smsPumpingCandidates(db(), { ...HOUR, maxConversion: 2 })],
    ];
    for (const [field, run] of cases)
      await expect(run(), field).rejects.toSatisfy(
        (e) => isReadModelsError(e, "invalid_argument") && (e as Error).message.startsWith(`${field}:`),
      );
  });
});
