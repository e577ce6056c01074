import { itRedactsCodesSecretsAndPhones } from "@factorlens/testkit";
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

  itRedactsCodesSecretsAndPhones(capture);
});
