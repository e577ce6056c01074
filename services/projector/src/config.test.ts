import { describe, expect, it } from "vitest";
import { loadConfig, ProjectorConfigError } from "./config";

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
});
