import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSchema } from "../db";
import { isReadModelsError } from "../errors";
import { nullGeoResolver } from "../geo/geo-resolver";
import { migrate } from "../migrate";
import { projectBatch } from "../projection/project-batch";
import { generateEvents } from "../testing";
import { parseIpOrNetwork, searchUsersByIdPrefix, searchUsersByIp } from "./search";

const ALL = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };
type Page = Awaited<ReturnType<typeof searchUsersByIp>>;

/** Every page of a search, following the end cursors. */
async function allPages(next: (after: string | null) => Promise<Page>) {
  const seen: Page["edges"][number]["node"][] = [];
  let after: string | null = null;
  do {
    const page: Page = await next(after);
    seen.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return seen;
}

describe("support search over projected events", () => {
  let tdb: TestDatabase;
  let events: FactorlensEvent[];
  const db = () => withSchema(tdb.pool, "rm_search");
  const failedFrom = (match: (ip: string) => boolean) =>
    [
      ...new Set(
        events
          .filter((e) => e.type === "ChallengeFailed" && e.context?.ip && match(e.context.ip))
          .map((e) => e.userId),
      ),
    ].sort();
  beforeAll(async () => {
    tdb = await createTestDatabase("rm_search");
    await migrate(tdb.pool, { schema: "rm_search" });
    // user ids u1..u30: "u1" is a prefix of u1, u10..u19; "_" must not act as a wildcard
    events = generateEvents(30);
    const stored = events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    await projectBatch(tdb.pool, stored, { schema: "rm_search", geo: nullGeoResolver });
  });
  afterAll(() => tdb.drop());

  it("finds users by id prefix, in id order, across pages without gaps or repeats", async () => {
    const users = [...new Set(events.map((e) => e.userId))];
    const expected = users.filter((u) => u.startsWith("u1")).sort();
    expect(expected.length).toBeGreaterThan(3);
    const found = await allPages((after) => searchUsersByIdPrefix(db(), { prefix: "u1", first: 3, after }));
    expect(found.map((h) => h.userId)).toEqual(expected);
    const none = await searchUsersByIdPrefix(db(), { prefix: "u_" });
    expect(none.edges).toEqual([]);
  });

  it("finds the users an IP failed for, latest failure first, with their failures", async () => {
    const ip = events.find((e) => e.type === "ChallengeFailed" && e.context?.ip)!.context!.ip!;
    const expected = failedFrom((x) => x === ip);
    expect(expected.length).toBeGreaterThan(2);
    const found = await allPages((after) => searchUsersByIp(db(), { ...ALL, ip, first: 2, after }));
    expect(found.map((h) => h.userId).sort()).toEqual(expected);
    const times = found.map((h) => h.lastFailureAt!);
    expect([...times].sort().reverse()).toEqual(times);
    const page = await searchUsersByIp(db(), { ...ALL, ip, first: 1 });
    const cursor = Buffer.from(page.pageInfo.endCursor!, "base64url").toString("utf8");
    expect(cursor).not.toContain(found[0]!.userId); // analysts page through pseudonyms with it
    for (const h of found) {
      expect(h.ips).toEqual([ip]);
      const mine = events.filter(
        (e) => e.type === "ChallengeFailed" && e.userId === h.userId && e.context?.ip === ip,
      );
      expect(h.failures).toBe(mine.length);
    }
  });

  it("finds the users a network failed for (any IP inside it)", async () => {
    const found = await allPages((after) =>
      searchUsersByIp(db(), { ...ALL, ip: "185.220.101.0/24", first: 50, after }),
    );
    const expected = failedFrom((x) => x.startsWith("185.220.101."));
    expect(expected.length).toBeGreaterThan(1);
    expect(found.map((h) => h.userId).sort()).toEqual(expected);
    const outside = await searchUsersByIp(db(), { ...ALL, ip: "185.220.100.0/24" });
    expect(outside.edges).toEqual([]);
  });

  it("refuses a short or malformed prefix, a bad IP or a too wide network", async () => {
    for (const bad of [
      () => searchUsersByIdPrefix(db(), { prefix: "u" }),
      () => searchUsersByIdPrefix(db(), { prefix: "u1%" }),
      () => searchUsersByIp(db(), { ...ALL, ip: "999.1.1.1" }),
      () => searchUsersByIp(db(), { ...ALL, ip: "10.0.0.0/4" }),
      () => searchUsersByIp(db(), { ...ALL, ip: "10.0.0.1", after: "nonsense" }),
    ])
      await expect(bad()).rejects.toSatisfy(isReadModelsError);
    expect(parseIpOrNetwork("198.51.100.7")).toBe("198.51.100.7/32");
    expect(parseIpOrNetwork("2001:db8::/48")).toBe("2001:db8::/48");
  });
});
