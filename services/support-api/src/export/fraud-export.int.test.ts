import { toStoredEvent } from "@factorlens/domain";
import { migrate, nullGeoResolver, projectBatch } from "@factorlens/read-models";
import { fraudPopulation } from "@factorlens/read-models/testing";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgReadModels } from "../adapters/read-models-pg";
import { createFakeActions } from "../testing/fake-actions";
import { createManualFeed, gql, makeApi, token } from "../testing/harness";

/** The export of a list equals the list: on the demo's waves, against the GraphQL pages. */
const T0 = Date.parse("2026-11-26T09:00:00Z");
const RANGE = { from: "2026-11-26T09:00:00Z", to: "2026-11-26T11:00:00Z" };
let db: TestDatabase;
let api: ReturnType<typeof makeApi>;
const { actions, log } = createFakeActions();

beforeAll(async () => {
  db = await createTestDatabase("support_export");
  await migrate(db.pool);
  const pop = fraudPopulation(T0, { healthyPerPrefix: 30, pumped: 60, drifting: 150 });
  const stored = pop.events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(i + 1) }));
  await projectBatch(db.pool, stored, { geo: nullGeoResolver });
  api = makeApi({
    readModels: createPgReadModels(db.pool, { clock: { now: () => new Date("2026-11-26T12:00:00Z") } }),
    actions,
    feed: createManualFeed(),
  });
});
afterAll(() => db.drop());

const exportOf = async (path: string, roles = ["fraud_analyst"]) =>
  api.fetch(`http://support.test/fraud/export/${path}`, {
    headers: { authorization: `Bearer ${await token(roles)}` },
  });

/** Every node of a list through GraphQL, page by page (first: 7). */
async function listOf(field: string, args: string, fields: string) {
  const nodes: Record<string, unknown>[] = [];
  let after: string | null = null;
  do {
    const q = `query ($after: String) { fraud { ${field}(${args}, first: 7, after: $after) {
      edges { node { ${fields} } } pageInfo { hasNextPage endCursor } } } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q, { after });
    expect(res.body.errors).toBeUndefined();
    type Page = {
      edges: { node: Record<string, unknown> }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    const c = ((res.body.data?.fraud ?? {}) as Record<string, Page>)[field]!;
    nodes.push(...c.edges.map((e) => e.node));
    after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

describe("GET /fraud/export/<list>.ndjson|.csv", () => {
  it("streams exactly the rows of the list, more than one page of them, in order", async () => {
    const args = `by: ip, from: "${RANGE.from}", to: "${RANGE.to}"`;
    const fields = "key name failures distinctIps distinctUsers unexplained unexplainedShare";
    const list = await listOf("failuresGrouped", args, fields);
    expect(list.length).toBeGreaterThan(100); // the export pages internally (100 a request)
    const res = await exportOf(`failuresGrouped.ndjson?by=ip&from=${RANGE.from}&to=${RANGE.to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const rows = (await res.text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toEqual(list);
  });

  it("writes the same rows as CSV with a header, for the SMS list too", async () => {
    const list = await listOf(
      "smsPumpingCandidates",
      `from: "${RANGE.from}", to: "${RANGE.to}", minSends: 1, maxConversion: 1`,
      "country numberPrefix sends verified",
    );
    const res = await exportOf(
      `smsPumpingCandidates.csv?from=${RANGE.from}&to=${RANGE.to}&minSends=1&maxConversion=1`,
    );
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).trimEnd().split("\r\n");
    const cols = header!.split(",");
    expect(cols).toContain("numberPrefix");
    const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
    expect(rows.map((r) => [r.country, r.numberPrefix, Number(r.sends), Number(r.verified)])).toEqual(
      list.map((n) => [n.country, n.numberPrefix, n.sends, n.verified]),
    );
    expect(rows[0]?.numberPrefix).toBe("+23276");
  });

  it("is refused like the query: no token 401, an agent 403, a bad argument 400 naming it", async () => {
    const none = await api.fetch("http://support.test/fraud/export/failuresGrouped.csv?by=ip");
    expect(none.status).toBe(401);
    const agent = await exportOf("failuresGrouped.csv?by=ip", ["support_agent"]);
    expect(agent.status).toBe(403);
    expect(agent.headers.get("content-type")).toBe("application/problem+json");
    const unknown = await exportOf("failuresGrouped.csv?by=ip&limit=5");
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors).toEqual([
      { field: "limit", message: "not an argument of this list" },
    ]);
    const badReason = await exportOf(
      `failuresGrouped.csv?by=ip&reason=typo&from=${RANGE.from}&to=${RANGE.to}`,
    );
    expect(badReason.status).toBe(400);
    expect((await badReason.json()).detail).toMatch(/^reason:/);
    expect((await exportOf("nope.csv")).status).toBe(404);
  });

  it("audits a ticket reveal like the query does, once per revealed user", async () => {
    log.length = 0;
    const res = await exportOf(
      `disabledAfterNewCountryLogin.ndjson?ticket=FR-9&from=${RANGE.from}&to=${RANGE.to}`,
      ["fraud_analyst", "support_agent"],
    );
    expect(res.status).toBe(200);
    const rows = (await res.text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r["account.userId"]).sort()).toEqual(["takeover-0", "takeover-1", "takeover-2"]);
    expect(rows.every((r) => r.loginCountry === "BR")).toBe(true);
    expect(log.map((l) => [l.kind, l.userId, l.actor.ticket]).sort()).toEqual([
      ["lookup", "takeover-0", "FR-9"],
      ["lookup", "takeover-1", "FR-9"],
      ["lookup", "takeover-2", "FR-9"],
    ]);
    const refused = await exportOf("disabledAfterNewCountryLogin.ndjson?ticket=FR-9");
    expect(refused.status).toBe(403); // a pure analyst cannot reveal users, as in GraphQL
    const pseudonymous = await exportOf(`disabledAfterNewCountryLogin.csv?from=${RANGE.from}&to=${RANGE.to}`);
    expect(await pseudonymous.text()).not.toContain("takeover-");
  });
});
