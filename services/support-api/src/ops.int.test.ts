/**
 * The support API as `pnpm start` runs it (`start` from config) on ephemeral ports: requests on
 * the GraphQL port are counted by operation type and outcome and scraped from the ops port only.
 */
import { createPostgresEventStore } from "@factorlens/event-store";
import { migrate } from "@factorlens/read-models";
import { metricValue, type RunningService } from "@factorlens/service-kit";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config";
import { start } from "./start";
import { AUTH, gql, PSEUDONYM_KEY, token } from "./testing/harness";

const series = (operation: string, outcome: string) =>
  `factorlens_support_api_operations_total{operation="${operation}",outcome="${outcome}"}`;

describe("support API ops server and metrics", () => {
  let db: TestDatabase;
  let running: RunningService;
  /** The GraphQL port, as the harness's `gql` calls it. */
  const api = {
    fetch: (url: string, init: RequestInit) =>
      fetch(url.replace("http://support.test", `${running.urls.api}`), init),
  };

  beforeAll(async () => {
    db = await createTestDatabase("support_ops");
    await (await createPostgresEventStore({ pool: db.pool })).close();
    await migrate(db.pool);
    const config = loadConfig({
      DATABASE_URL: db.url,
      SUPPORT_JWT_ISSUER: AUTH.issuer,
      SUPPORT_JWT_AUDIENCE: AUTH.audience,
      SUPPORT_JWT_SECRET: new TextDecoder().decode(AUTH.key),
      SUPPORT_PSEUDONYM_KEY: Buffer.from(PSEUDONYM_KEY).toString("base64"),
      SUPPORT_API_PORT: "0",
      OPS_PORT: "9", // replaced by an ephemeral port below
    });
    running = await start(
      { ...config, ops: { host: "127.0.0.1", port: 0 } },
      { logger: pino({ level: "silent" }) },
    );
  });
  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it("answers probes and counts requests by operation type and outcome, with no user data in labels", async () => {
    const get = (path: string) => fetch(`${running.urls.ops}${path}`);
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
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
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
    expect(await running.ready()).toEqual({ ready: true });
  });
});
