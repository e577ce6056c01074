import { INGEST_DEFAULTS } from "@factorlens/ingest";
import { PROJECTOR_DEFAULTS } from "@factorlens/projector";
import { RELAY_DEFAULTS } from "@factorlens/relay";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { ingestConfig, relayConfig } from "./kafka";
import { projectorConfig } from "./projector";

const DB = "postgres://x@127.0.0.1:1/db";
const esdb = "esdb://127.0.0.1:2113?tls=false";

describe("the projector's, relay's and ingest's typed configs in the platform", () => {
  it("are each service's own defaults (no copies: the projector's batch size is the one it has alone)", () => {
    const platform = loadConfig({});
    const { logLevel: _p, kafka: _k, ...projectorDefaults } = PROJECTOR_DEFAULTS;
    expect(projectorConfig(platform, DB)).toMatchObject({
      ...projectorDefaults,
      databaseUrl: DB,
      kafka: null,
      ops: null,
    });
    expect(projectorConfig(platform, DB).batchSize).toBe(PROJECTOR_DEFAULTS.batchSize);
    const { logLevel: _r, ...relayDefaults } = RELAY_DEFAULTS;
    expect(relayConfig(platform, DB, ["k:9092"])).toMatchObject({
      ...relayDefaults,
      kafkaBrokers: ["k:9092"],
    });
    const { logLevel: _i, ...ingestDefaults } = INGEST_DEFAULTS;
    expect(ingestConfig(platform, DB, ["k:9092"])).toMatchObject({ ...ingestDefaults, ops: null });
  });

  it("carry the platform's event store choice and log level", () => {
    const platform = loadConfig({ EVENTSTORE_CONNECTION_STRING: esdb, LOG_LEVEL: "error" });
    for (const c of [
      projectorConfig(platform, DB),
      relayConfig(platform, DB, []),
      ingestConfig(platform, DB, []),
    ]) {
      expect(c.eventStoreConnectionString).toBe(esdb);
      expect(c.logLevel).toBe("error");
    }
  });
});
