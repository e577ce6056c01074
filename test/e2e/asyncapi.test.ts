/**
 * The AsyncAPI document of the Kafka topics is valid (the AsyncAPI parser's own validation, no
 * error-level diagnostics) and current: regenerating it from schemas/events gives the same file.
 */
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { ASYNCAPI_FILE, renderAsyncApi } from "../../infra/build/gen-asyncapi";

describe("schemas/asyncapi.json", () => {
  const text = readFileSync(ASYNCAPI_FILE, "utf8");

  it("is what infra/build/gen-asyncapi.ts generates from schemas/events (pnpm gen:asyncapi)", () => {
    expect(text === renderAsyncApi(), "schemas/asyncapi.json is stale: run pnpm gen:asyncapi").toBe(true);
  });

  it("parses with @asyncapi/parser and documents the three topics", async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses =
      document
        ?.channels()
        .all()
        .map((c) => c.address()) ?? [];
    expect(addresses.sort()).toEqual(["tfa.events.v1", "tfa.inbound.dlq.v1", "tfa.inbound.v1"]);
    const inbound =
      document
        ?.channels()
        .get("inbound")
        ?.messages()
        .all()
        .map((m) => m.name()) ?? [];
    expect(inbound).toEqual(["SmsDelivered v1 (inbound)", "SmsDeliveryFailed v1 (inbound)"]);
    expect(document?.channels().get("events")?.messages().all().length).toBeGreaterThanOrEqual(28);
  });
});
