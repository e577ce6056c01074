import { itTakesTheEventStoreSetting } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { loadConfig, RELAY_DEFAULTS } from "./config";
import { RelayError } from "./errors";

describe("relay config", () => {
  it("applies defaults around the required settings", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://u@h:5432/db", KAFKA_BROKERS: "a:9092, b:9093" });
    expect(c).toMatchObject({
      kafkaBrokers: ["a:9092", "b:9093"],
      topic: "tfa.events.v1",
      subscriberId: "relay",
      batchSize: 500,
      ensureTopics: true,
    });
  });

  it("names every missing or invalid setting in one error", () => {
    const error = (() => {
      try {
        loadConfig({ KAFKA_BROKERS: "nohostport", RELAY_BATCH_SIZE: "0" });
      } catch (e) {
        return e as RelayError;
      }
    })();
    expect(error).toBeInstanceOf(RelayError);
    expect(error?.code).toBe("invalid_config");
    expect(error?.message).toMatch(/DATABASE_URL is required/);
    expect(error?.message).toMatch(/KAFKA_BROKERS entries must be host:port/);
    expect(error?.message).toMatch(/RELAY_BATCH_SIZE must be ≥ 1/);
  });

  it("has no ops server unless OPS_PORT is set, and listens on loopback by default", () => {
    const base = { DATABASE_URL: "postgres://u@h:5432/db", KAFKA_BROKERS: "a:9092" };
    expect(loadConfig(base).ops).toBeNull();
    expect(loadConfig({ ...base, OPS_PORT: "9465" }).ops).toEqual({ host: "127.0.0.1", port: 9465 });
    expect(() => loadConfig({ ...base, OPS_PORT: "-1" })).toThrow(/OPS_PORT/);
  });

  itTakesTheEventStoreSetting(loadConfig, {
    DATABASE_URL: "postgres://u@h:5432/db",
    KAFKA_BROKERS: "a:9092",
  });

  it("defaults every setting from RELAY_DEFAULTS, and a host's own defaults replace them", () => {
    const base = { DATABASE_URL: "postgres://u@h:5432/db", KAFKA_BROKERS: "a:9092" };
    expect(loadConfig(base)).toMatchObject(RELAY_DEFAULTS);
    expect(loadConfig(base, { ...RELAY_DEFAULTS, batchSize: 7 }).batchSize).toBe(7);
    expect(
      loadConfig({ ...base, RELAY_BATCH_SIZE: "9" }, { ...RELAY_DEFAULTS, batchSize: 7 }).batchSize,
    ).toBe(9);
  });
});
