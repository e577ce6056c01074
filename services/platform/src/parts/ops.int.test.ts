import { createPostgresEventStore } from "@factorlens/event-store";
import { createIngestMetrics } from "@factorlens/ingest";
import { createProjectorMetrics, postgresLagProbe } from "@factorlens/projector";
import { migrate } from "@factorlens/read-models";
import { createRelayMetrics } from "@factorlens/relay";
import { metricValue } from "@factorlens/service-kit";
import { createSupportApiMetrics } from "@factorlens/support-api";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLifecycle } from "../lifecycle";
import { startPlatformOps } from "./ops";
import { plainPartLogger } from "./part-logger";

describe("the platform's one ops server", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("platform_ops");
    await (await createPostgresEventStore({ pool: db.pool })).close();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("serves every part's metrics on one /metrics, ready while the database answers, and stops with the platform", async () => {
    const projector = createProjectorMetrics({
      probe: postgresLagProbe(db.pool, {
        eventStoreSchema: "eventstore",
        readModelsSchema: "read_models",
        subscriberId: "projector",
      }),
      refreshMs: 0,
    });
    const support = createSupportApiMetrics();
    const relay = createRelayMetrics();
    const ingest = createIngestMetrics();
    support.count("query", "ok");
    ingest.deadLetter("malformed_json");
    const life = createLifecycle();
    const logged: string[] = [];
    const { url } = await startPlatformOps({
      host: "127.0.0.1",
      port: 0,
      registries: [projector.registry, support.registry, relay.registry, ingest.registry],
      pool: db.pool,
      life,
      logger: plainPartLogger((l) => logged.push(l), "info"),
    });
    expect(life.names()).toEqual(["ops server"]);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(metricValue(text, "factorlens_projector_lag_events")).toBe(0);
    expect(metricValue(text, 'factorlens_support_api_operations_total{operation="query",outcome="ok"}')).toBe(
      1,
    );
    expect(metricValue(text, 'factorlens_ingest_dead_lettered_total{reason="malformed_json"}')).toBe(1);
    expect(metricValue(text, "factorlens_relay_events_published_total")).toBe(0);
    expect((await life.stopAll()).failed).toEqual([]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
