/**
 * The support API wired as main.ts wires it, with its ops server on an ephemeral port: requests
 * on the GraphQL side are counted by operation type and outcome and scraped from the ops port.
 */
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { migrate } from "@factorlens/read-models";
import { metricValue, type OpsServer } from "@factorlens/service-kit";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import type { TimelineFeed } from "./live/timeline-feed";
import { createSupportApiMetrics } from "./metrics";
import { startSupportOps } from "./ops";
import { AUTH, gql, PSEUDONYM_KEY, token } from "./testing/harness";
import { wireSupportApi } from "./wire";

const silent = { info() {}, warn() {} };
const series = (operation: string, outcome: string) =>
  `factorlens_support_api_operations_total{operation="${operation}",outcome="${outcome}"}`;

describe("support API ops server and metrics", () => {
  let db: TestDatabase;
  let store: EventStore;
  let feed: TimelineFeed;
  let ops: OpsServer;
  let api: Awaited<ReturnType<typeof wireSupportApi>>["api"];
  const metrics = createSupportApiMetrics();

  beforeAll(async () => {
    db = await createTestDatabase("support_ops");
    store = await createPostgresEventStore({ pool: db.pool });
    await migrate(db.pool);
    const config = loadConfig({
      DATABASE_URL: db.url,
      SUPPORT_JWT_ISSUER: AUTH.issuer,
      SUPPORT_JWT_AUDIENCE: AUTH.audience,
      SUPPORT_JWT_SECRET: new TextDecoder().decode(AUTH.key),
      SUPPORT_PSEUDONYM_KEY: Buffer.from(PSEUDONYM_KEY).toString("base64"),
      OPS_PORT: "9", // replaced by an ephemeral port below
    });
    ({ api, feed } = await wireSupportApi(config, { pool: db.pool, store, metrics }));
    ops = await startSupportOps({ ...config.ops!, port: 0 }, { pool: db.pool, metrics, logger: silent });
  });
  afterAll(async () => {
    await ops?.close();
    await feed?.close();
    await store?.close();
    await db?.drop();
  });

  it("answers probes and counts requests by operation type and outcome, with no user data in labels", async () => {
    const get = (path: string) => fetch(`http://127.0.0.1:${ops.port}${path}`);
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/readyz")).status).toBe(200);

    const admin = await token(["admin"], "agent-ops-7");
    const ok = await gql(api, admin, `{ auditLog(userId: "u-ops-1") { actor } }`);
    expect(ok.body.errors).toBeUndefined();
    expect((await gql(api, admin, `{ nope }`)).status).toBe(400);
    expect((await gql(api, null, `{ auditLog(userId: "u-ops-1") { actor } }`)).status).toBe(401);
    const agent = await token(["support_agent"], "agent-ops-8");
    const denied = await gql(api, agent, `{ auditLog(userId: "u-ops-1") { actor } }`);
    expect(denied.body.errors?.length).toBeGreaterThan(0);

    const res = await get("/metrics");
    expect(res.headers.get("content-type")).toBe(metrics.registry.contentType);
    const text = await res.text();
    expect(metricValue(text, series("query", "ok"))).toBe(1);
    expect(metricValue(text, series("query", "invalid"))).toBe(1);
    expect(metricValue(text, series("unknown", "unauthenticated"))).toBe(1);
    expect(metricValue(text, series("query", "error"))).toBe(1);
    expect(
      metricValue(text, 'factorlens_support_api_operation_duration_seconds_count{operation="query"}'),
    ).toBe(2);
    expect(text).not.toMatch(/u-ops-1|agent-ops|auditLog/);

    // Metrics are not on the GraphQL side.
    expect((await api.fetch("http://support.test/metrics", { method: "GET" })).status).not.toBe(200);
  });
});
