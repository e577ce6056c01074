import { lineSink } from "@factorlens/service-kit";
import { itRedactsCodesSecretsAndPhones } from "@factorlens/testkit";
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

  itRedactsCodesSecretsAndPhones(capture);
});
