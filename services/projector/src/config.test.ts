import { itTakesTheEventStoreSetting } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { loadConfig, PROJECTOR_DEFAULTS, ProjectorConfigError } from "./config";

describe("loadConfig", () => {
  it("defaults to store mode on read_models", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://u@h:5432/db" });
    expect(c).toMatchObject({ mode: "store", readModelsSchema: "read_models", batchSize: 2000, kafka: null });
  });

  it("lists every invalid setting, and requires brokers in kafka mode", () => {
    expect(() => loadConfig({ READ_MODELS_SCHEMA: "Robert'); DROP" })).toThrow(
      /DATABASE_URL[\s\S]*READ_MODELS_SCHEMA/,
    );
    expect(() => loadConfig({ DATABASE_URL: "postgres://h/db", PROJECTOR_MODE: "kafka" })).toThrow(
      ProjectorConfigError,
    );
    const k = loadConfig({
      DATABASE_URL: "postgres://h/db",
      PROJECTOR_MODE: "kafka",
      KAFKA_BROKERS: "a:9092, b:9092",
    });
    expect(k.kafka).toMatchObject({ brokers: ["a:9092", "b:9092"], topic: "tfa.events.v1" });
  });

  it("has no ops server unless OPS_PORT is set; it listens on loopback unless OPS_HOST says otherwise", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://h/db" }).ops).toBeNull();
    expect(loadConfig({ DATABASE_URL: "postgres://h/db", OPS_PORT: "0" }).ops).toBeNull();
    expect(loadConfig({ DATABASE_URL: "postgres://h/db", OPS_PORT: "9464" }).ops).toEqual({
      host: "127.0.0.1",
      port: 9464,
    });
    expect(
      loadConfig({ DATABASE_URL: "postgres://h/db", OPS_PORT: "9464", OPS_HOST: "0.0.0.0" }).ops,
    ).toEqual({
      host: "0.0.0.0",
      port: 9464,
    });
    expect(() => loadConfig({ DATABASE_URL: "postgres://h/db", OPS_PORT: "70000" })).toThrow(/OPS_PORT/);
  });

  itTakesTheEventStoreSetting(loadConfig, { DATABASE_URL: "postgres://u@h:5432/db" });

  it("has one batch size default, PROJECTOR_DEFAULTS, alone and in the projector built without a config", () => {
    expect(PROJECTOR_DEFAULTS.batchSize).toBe(2000);
    expect(loadConfig({ DATABASE_URL: "postgres://u@h:5432/db" }).batchSize).toBe(
      PROJECTOR_DEFAULTS.batchSize,
    );
  });
});
