import { lineSink } from "@factorlens/service-kit";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const { sink, lines } = lineSink();
  return { logger: createLogger("info", sink), text: () => lines.join("") };
}

describe("verifier logger", () => {
  it("shows an error's code and its cause's code (the reason a request failed)", () => {
    const { logger, text } = capture();
    logger.error(
      { err: { type: "EventStoreError", code: "invalid_argument", cause: { code: "22P05" } } },
      "x",
    );
    expect(text()).toContain('"code":"invalid_argument"');
    expect(text()).toContain('"code":"22P05"');
  });

  it("still redacts codes, secrets and phones wherever a request or command carries them", () => {
    const { logger, text } = capture();
    logger.info({ body: { code: "492817" } }, "a");
    logger.info({ req: { body: { code: "492818" } } }, "b");
    logger.info({ code: "492819", secret: "JBSWY3DPEHPK3PXP", phone: "+447911123456" }, "c");
    logger.info({ command: { code: "492820", code1: "492821", code2: "492822", codes: ["492823"] } }, "d");
    for (const v of ["49281", "49282", "JBSWY3DP", "7911123456"]) expect(text()).not.toContain(v);
  });
});
