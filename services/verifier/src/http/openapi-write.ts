/** Writes the generated OpenAPI document to schemas/openapi/verifier.json. */
import { writeFileSync } from "node:fs";
import { buildOpenApiDocument } from "./openapi";

export const OPENAPI_PATH = new URL("../../../../schemas/openapi/verifier.json", import.meta.url);
export const renderOpenApi = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  console.log(`wrote ${OPENAPI_PATH.pathname}`);
}
