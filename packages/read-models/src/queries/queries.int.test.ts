import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSchema } from "../db";
import { isReadModelsError } from "../errors";
import { createIpLocationDbResolver } from "../geo/geo-resolver";
import { migrate } from "../migrate";
import { projectBatch } from "../projection/project-batch";
import { generateEvents } from "../testing";
import { getAuditLog, getSupportHistory } from "./audit";
import { loadProjectionCheckpoint } from "./checkpoint";
import { disabledAfterNewCountryLogin } from "./disabled-after-login";
import { failuresGrouped, ipsFailingForManyUsers } from "./fraud";
import { getUserPatterns } from "./patterns";
import { smsPumpingCandidates } from "./sms-pumping";
import { getAttempt, getUserTimeline } from "./timeline";
import { getRecentSmsDeliveries, getUserFactors, getUserStatus } from "./user";

const ALL = { from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" };

describe("read queries over projected events", () => {
  let tdb: TestDatabase;
  let events: FactorlensEvent[];
  const db = () => withSchema(tdb.pool, "rm_q");
  beforeAll(async () => {
    tdb = await createTestDatabase("rm_queries");
    await migrate(tdb.pool, { schema: "rm_q" });
    events = generateEvents(30);
    const stored = events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    await projectBatch(tdb.pool, stored, { schema: "rm_q", geo: createIpLocationDbResolver() });
  });
  afterAll(() => tdb.drop());

  it("getUserFactors and getUserStatus reflect the lifecycle", async () => {
    const factors = await getUserFactors(db(), "u1");
    expect(factors.map((f) => f.method)).toEqual(expect.arrayContaining(["totp", "sms"]));
    const totp = factors.find((f) => f.factorId === "f1-totp")!;
    expect(totp.confirmedAt).not.toBeNull();
    const status = await getUserStatus(db(), "u1");
    expect(status?.recoveryCodesIssued).toBe(10);
    expect(await getUserStatus(db(), "nobody")).toBeNull();
  });

  it("pages the timeline newest first without gaps or repeats, and filters", async () => {
    const userId = "u3";
    const expected = new Set(
      events.flatMap((e) =>
        e.userId !== userId
          ? []
          : e.type === "FactorDisableRefused"
            ? [e.eventId] // a refused disable is on the timeline under its event id
            : "attemptId" in e.data && e.type !== "RecoveryCodeUsed"
              ? [e.data.attemptId]
              : [],
      ),
    );
    const seen: string[] = [];
    const starts: string[] = [];
    let after: string | null = null;
    do {
      const page = await getUserTimeline(db(), userId, { first: 3, after });
      for (const edge of page.edges) {
        seen.push(edge.node.attemptId);
        starts.push(edge.node.startedAt);
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen)).toEqual(expected);
    expect(seen.length).toBe(expected.size);
    expect([...starts].sort().reverse()).toEqual(starts);
    const failed = await getUserTimeline(db(), userId, { first: 100, outcome: "failed" });
    expect(failed.edges.every((e) => e.node.outcome === "failed" && e.node.pattern !== null)).toBe(true);
    const sample =
      failed.edges[0]?.node ?? (await getUserTimeline(db(), userId, { first: 1 })).edges[0]!.node;
    expect(await getAttempt(db(), sample.attemptId)).toEqual(sample);
  });

  it("rejects a forged cursor and an oversized page", async () => {
    await expect(getUserTimeline(db(), "u1", { after: "bm9wZQ" })).rejects.toSatisfy((e) =>
      isReadModelsError(e, "invalid_cursor"),
    );
    await expect(getUserTimeline(db(), "u1", { first: 10_000 })).rejects.toSatisfy((e) =>
      isReadModelsError(e, "invalid_argument"),
    );
  });

  it("links SMS delivery state to the attempt by challenge id", async () => {
    const userWithSms = events.find((e) => e.type === "SmsDelivered")!.userId;
    const sms = await getRecentSmsDeliveries(db(), userWithSms);
    expect(sms.length).toBeGreaterThan(0);
    expect(sms.every((s) => s.phonePrefix?.startsWith("+"))).toBe(true);
  });

  it("fraud rollups count every failure once", async () => {
    const failures = events.filter((e) => e.type === "ChallengeFailed").length;
    const nodes = <N>(c: { edges: { node: N }[] }) => c.edges.map((e) => e.node);
    const byReason = nodes(await failuresGrouped(db(), { ...ALL, by: "reason" }));
    expect(byReason.reduce((n, g) => n + g.failures, 0)).toBe(failures);
    const byCountry = nodes(
      await failuresGrouped(db(), { ...ALL, by: "country", filters: { method: "totp" } }),
    );
    expect(byCountry.reduce((n, g) => n + g.failures, 0)).toBe(failures);
    expect(byCountry.map((g) => g.key)).toEqual(expect.arrayContaining(["DE"]));
    const byAsn = nodes(await failuresGrouped(db(), { ...ALL, by: "asn" }));
    expect(byAsn.map((g) => g.key)).toContain("60729");
    // the network's name, not a bare number
    expect(byAsn.find((g) => g.key === "60729")?.name?.length).toBeGreaterThan(3);
    const ips = nodes(await ipsFailingForManyUsers(db(), { ...ALL, minUsers: 2 }));
    expect(ips[0]!.distinctUsers).toBeGreaterThanOrEqual(2);
    const sends = events.filter((e) => e.type === "SmsDispatched").length;
    const sms = nodes(
      await smsPumpingCandidates(db(), { ...ALL, minSends: 1, maxConversion: 1, first: 100 }),
    );
    expect(sms.reduce((n, c) => n + c.sends, 0)).toBe(sends);
    expect(sms.map((c) => c.numberPrefix)).toEqual(expect.arrayContaining(["+44", "+234"]));
  });

  it("flags factors disabled after a login from a new network", async () => {
    const flagged = (await disabledAfterNewCountryLogin(db(), { ...ALL, first: 100 })).edges.map(
      (e) => e.node,
    );
    const disabled = events.filter((e) => e.type === "FactorDisabled");
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThanOrEqual(disabled.length);
    expect(flagged.every((f) => f.loginCountry !== null && f.secondsAfterLogin <= 86_400)).toBe(true);
    expect(flagged.map((f) => f.loginCountry)).toContain("DE");
  });

  it("records support lookups, actions and changes", async () => {
    const lookups = events.filter((e) => e.type === "SupportLookupPerformed");
    const failed = events.filter((e) => e.type === "SupportLookupFailed");
    const log = await getAuditLog(db(), { first: 100, kind: "lookup" });
    expect(log.edges.length).toBe(lookups.length + failed.length);
    expect(log.edges.filter((e) => e.node.details.failure === "ticket_required")).toHaveLength(failed.length);
    const userId = lookups[0]!.userId;
    const history = await getSupportHistory(db(), userId);
    expect(history.edges.map((e) => e.node.kind)).toEqual(
      expect.arrayContaining(["lookup", "action", "change"]),
    );
    expect(history.edges[0]!.node.ticketRef).toBe(`T-${userId.slice(1)}`);
  });
});

describe("mismatch patterns", () => {
  let tdb: TestDatabase;
  const db = () => withSchema(tdb.pool, "rm_p");
  const events = generateEvents(30);
  beforeAll(async () => {
    tdb = await createTestDatabase("rm_patterns");
    await migrate(tdb.pool, { schema: "rm_p" });
    const stored = events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
    await projectBatch(tdb.pool, stored, { schema: "rm_p", geo: createIpLocationDbResolver() });
  });
  afterAll(() => tdb.drop());

  /** The time of the user's last diagnosis: every window ending then holds it. */
  const lastDiagnosis = (userId: string) =>
    Date.parse(events.findLast((e) => e.type === "MismatchDiagnosed" && e.userId === userId)!.occurredAt);

  it("computes the dominant pattern with suggested steps per factor and window", async () => {
    const userId = events.find((e) => e.type === "MismatchDiagnosed")!.userId;
    const factors = await getUserPatterns(db(), userId, 7 * 86_400_000, { nowMs: lastDiagnosis(userId) });
    const totp = factors.find((p) => p.factorId.endsWith("-totp"))!.summary;
    expect(totp.failures).toBeGreaterThan(0);
    expect(totp.dominantPattern).not.toBeNull();
    expect(totp.suggestedSteps.length).toBeGreaterThan(0);
    expect(totp.summary.length).toBeGreaterThan(0);
  });

  it("computes any sliding window on read", async () => {
    const userId = events.find((e) => e.type === "MismatchDiagnosed")!.userId;
    const later = await getUserPatterns(db(), userId, 3_600_000, {
      nowMs: Date.parse("2030-01-01T00:00:00Z"),
    });
    expect(later.every((p) => p.summary.attempts === 0)).toBe(true);
    await expect(getUserPatterns(db(), userId, 5)).rejects.toSatisfy((e) =>
      isReadModelsError(e, "invalid_argument"),
    );
  });

  it("loadProjectionCheckpoint reads a subscriber's position in the schema (null before its first batch)", async () => {
    expect(await loadProjectionCheckpoint(db(), "cp-test")).toBeNull();
    await tdb.pool.query(
      `INSERT INTO rm_p.checkpoints (subscriber_id, position) VALUES ('cp-test', 9007199254740993)`,
    );
    expect(await loadProjectionCheckpoint(db(), "cp-test")).toBe(9007199254740993n);
  });
});
