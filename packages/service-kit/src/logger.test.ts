import { describe, expect, it } from "vitest";
import { createLogger, lineSink } from "./logger";

function capture(service = "relay") {
  const { sink, lines } = lineSink();
  return {
    logger: createLogger(service, "info", sink),
    text: () => lines.join(""),
    json: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("createLogger", () => {
  it("writes one shape: ISO time, level label, service, msg", () => {
    const { logger, json } = capture("projector");
    logger.warn({ lag: 3 }, "behind");
    const [line] = json();
    expect(line).toMatchObject({ level: "warn", service: "projector", msg: "behind", lag: 3 });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
    expect(line).not.toHaveProperty("name");
  });

  it("shows an error's code and its cause's code", () => {
    const { logger, text } = capture();
    const err = Object.assign(
      new Error("append failed", { cause: Object.assign(new Error("pg"), { code: "22P05" }) }),
      {
        code: "invalid_argument",
      },
    );
    logger.error({ err }, "x");
    expect(text()).toContain('"code":"invalid_argument"');
    expect(text()).toContain("22P05");
  });

  it("redacts codes, secrets and phones wherever a request or command carries them", () => {
    const { logger, text } = capture();
    logger.info({ body: { code: "492817" } }, "a");
    logger.info({ req: { body: { code: "492818" } } }, "b");
    logger.info({ code: "492819", secret: "JBSWY3DPEHPK3PXP", phone: "+447911123456" }, "c");
    logger.info({ command: { code: "492820", code1: "492821", code2: "492822", codes: ["492823"] } }, "d");
    for (const v of ["49281", "49282", "JBSWY3DP", "7911123456"]) expect(text()).not.toContain(v);
  });
});
