/** kafkajs's own lines (a real client, a broker that refuses) come out in the one pino shape. */
import { createServer } from "node:net";
import { createLogger, kafkaLogCreator, lineSink } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 1));
    });
  });
}

describe("kafkajs lines", () => {
  it("a refused connection is a warn or error line with service, namespace and msg, no kafkajs timestamp", async () => {
    const { sink, lines } = lineSink();
    const kafka = new Kafka({
      clientId: "log-test",
      brokers: [`127.0.0.1:${await closedPort()}`],
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(createLogger("relay", "info", sink)),
      retry: { retries: 0 },
      connectionTimeout: 1000,
    });
    const producer = kafka.producer();
    await expect(producer.connect()).rejects.toThrow();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => JSON.parse(l).level === "error")).toBe(true);
    for (const line of lines.map((l) => JSON.parse(l) as Record<string, unknown>)) {
      expect(line.service).toBe("relay");
      expect(["warn", "error"]).toContain(line.level);
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(typeof line.namespace).toBe("string");
      expect(typeof line.msg).toBe("string");
      expect(line).not.toHaveProperty("timestamp");
    }
  });
});
