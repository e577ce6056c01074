import { itTakesTheEventStoreSetting } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { INGEST_DEFAULTS, loadConfig } from "./config";
import { IngestError } from "./errors";
import { DEFAULT_INBOUND_TYPES } from "./validate";

describe("ingest config", () => {
  it("applies defaults around the required settings", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db", KAFKA_BROKERS: "k:9092" })).toMatchObject({
      topic: "tfa.inbound.v1",
      dlqTopic: "tfa.inbound.dlq.v1",
      maxMessageBytes: 65536,
      kafkaBrokers: ["k:9092"],
      allowedTypes: DEFAULT_INBOUND_TYPES,
    });
    expect(
      loadConfig({
        DATABASE_URL: "postgres://h/db",
        KAFKA_BROKERS: "k:1",
        INGEST_ALLOWED_TYPES: "SmsDelivered",
      }).allowedTypes,
    ).toEqual(["SmsDelivered"]);
  });

  it("refuses to allow a security decision from the bus (one line naming the type)", () => {
    const env = { DATABASE_URL: "postgres://h/db", KAFKA_BROKERS: "k:1" };
    expect(() => loadConfig({ ...env, INGEST_ALLOWED_TYPES: "SmsDelivered, ChallengePassed" })).toThrow(
      /INGEST_ALLOWED_TYPES: ChallengePassed is decided inside factorlens only/,
    );
  });

  it("names every missing or invalid setting in one error", () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: "mysql://x", INGEST_MAX_MESSAGE_BYTES: "lots" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(message).toMatch(/KAFKA_BROKERS is required/);
    expect(message).toMatch(/INGEST_MAX_MESSAGE_BYTES must be a number/);
  });

  it("has no ops server unless OPS_PORT is set, and listens on loopback by default", () => {
    const base = { DATABASE_URL: "postgres://u@h:5432/db", KAFKA_BROKERS: "a:9092" };
    expect(loadConfig(base).ops).toBeNull();
    expect(loadConfig({ ...base, OPS_PORT: "9466", OPS_HOST: "::1" }).ops).toEqual({
      host: "::1",
      port: 9466,
    });
    expect(() => loadConfig({ ...base, OPS_PORT: "http" })).toThrow(/OPS_PORT/);
  });

  itTakesTheEventStoreSetting(loadConfig, {
    DATABASE_URL: "postgres://u@h:5432/db",
    KAFKA_BROKERS: "a:9092",
  });

  it("defaults every setting from INGEST_DEFAULTS", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@h:5432/db", KAFKA_BROKERS: "a:9092" })).toMatchObject(
      INGEST_DEFAULTS,
    );
  });
});
