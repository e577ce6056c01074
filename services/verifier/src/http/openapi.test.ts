import { readFileSync } from "node:fs";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { OPENAPI_PATH, renderOpenApi } from "./openapi-write";

describe("OpenAPI document", () => {
  it("the checked-in schemas/openapi/verifier.json is up to date (pnpm --filter @factorlens/verifier openapi:write)", () => {
    expect(readFileSync(OPENAPI_PATH, "utf8")).toBe(renderOpenApi());
  });

  it("documents every route with its request schema naming required fields", () => {
    const doc = JSON.parse(renderOpenApi());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/verify", "/v1/users/{userId}/factors", "/v1/sms/receipts", "/readyz"]),
    );
    const verify = doc.paths["/v1/verify"].post.requestBody.content["application/json"].schema;
    expect(verify.required).toEqual(["userId", "code"]);
  });
});

it("documents on every /v1 operation the statuses the server sends", () => {
  const doc = JSON.parse(renderOpenApi());
  for (const [path, item] of Object.entries<Record<string, { responses: object }>>(doc.paths)) {
    if (!path.startsWith("/v1/")) continue;
    for (const op of Object.values(item)) {
      expect(Object.keys(op.responses), path).toEqual(
        expect.arrayContaining(["400", "401", "403", "404", "413", "415", "429", "503"]),
      );
    }
  }
  const statuses = (path: string, method = "post") => Object.keys(doc.paths[path][method].responses);
  for (const path of [
    "/v1/users/{userId}/factors/{factorId}/confirm",
    "/v1/users/{userId}/factors/{factorId}/resync",
    "/v1/users/{userId}/recovery-codes",
  ]) {
    expect(statuses(path), path).toContain("409");
  }
});

describe("OpenAPI lint (Redocly, recommended-strict rules)", () => {
  it("reports no problem", async () => {
    // /healthz, /readyz and /metrics take no input, so they have no 4XX to document
    const config = await createConfig({
      extends: ["recommended-strict"],
      rules: { "operation-4xx-response": "off" },
    });
    const problems = await lintFromString({ source: renderOpenApi(), absoluteRef: "verifier.json", config });
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`)).toEqual([]);
  });
});
