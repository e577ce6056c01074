import { readFileSync } from "node:fs";
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
