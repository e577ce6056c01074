import { describe, expect, it } from "vitest";
import { createLogger, lineSink } from "./logger";
import { kafkaLogCreator, yogaLogger } from "./logger-adapters";

describe("yogaLogger", () => {
  it("writes yoga's console-style calls as one JSON line each, error as err, other values dropped", () => {
    const { sink, lines } = lineSink();
    const yoga = yogaLogger(createLogger("support-api", "info", sink));
    yoga.error(Object.assign(new Error("boom\nsecond line"), { code: "ECONNREFUSED" }));
    yoga.info("request", { variables: { ticket: "T-1", code: "492817" } });
    yoga.debug("not at info");
    expect(lines).toHaveLength(2);
    const [err, info] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(err).toMatchObject({ level: "error", service: "support-api", msg: "boom\nsecond line" });
    expect(err?.err).toMatchObject({ code: "ECONNREFUSED" });
    expect(info).toMatchObject({ level: "info", msg: "request" });
    expect(lines.join("")).not.toContain("492817");
  });
});

describe("kafkaLogCreator", () => {
  it("writes kafkajs entries in the pino shape: level mapped, namespace and fields kept, its timestamp dropped", () => {
    const { sink, lines } = lineSink();
    const log = kafkaLogCreator(createLogger("relay", "info", sink))(2);
    const entry = (level: number, label: string, message: string, extra: Record<string, unknown> = {}) => ({
      namespace: "Connection",
      level,
      label,
      log: { timestamp: "2026-01-01T00:00:00.000Z", logger: "kafkajs", message, ...extra },
    });
    log(
      entry(1, "ERROR", "Connection error: connect ECONNREFUSED", {
        broker: "127.0.0.1:1",
        error: "refused",
      }),
    );
    log(entry(2, "WARN", "retrying", { retryCount: 1 }));
    log(entry(4, "INFO", "consumer joined"));
    log(entry(5, "DEBUG", "not at info"));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({
      level: "error",
      service: "relay",
      namespace: "Connection",
      msg: "Connection error: connect ECONNREFUSED",
      broker: "127.0.0.1:1",
      error: "refused",
    });
    expect(parsed[1]).toMatchObject({ level: "warn", retryCount: 1 });
    expect(parsed[2]).toMatchObject({ level: "info", msg: "consumer joined" });
    for (const l of parsed) {
      expect(l.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(l).not.toHaveProperty("timestamp");
      expect(l).not.toHaveProperty("logger");
    }
  });
});
