import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { yogaLogger } from "./logger-adapters";

describe("yogaLogger", () => {
  it("writes yoga's console-style calls as one JSON line each, error as err, other values dropped", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
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
