/**
 * Writes schemas/events/<EventType>.v<version>.schema.json from the zod catalogue and removes
 * schema files no event produces any more. Run: pnpm --filter @factorlens/domain gen:schemas
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventJsonSchemas } from "../src/events/json-schemas";

export const EVENT_SCHEMA_DIR = fileURLToPath(new URL("../../../schemas/events/", import.meta.url));

const main = (): void => {
  mkdirSync(EVENT_SCHEMA_DIR, { recursive: true });
  const files = eventJsonSchemas();
  const wanted = new Set(files.map((f) => f.fileName));
  for (const name of readdirSync(EVENT_SCHEMA_DIR)) {
    if (name.endsWith(".schema.json") && !wanted.has(name)) rmSync(join(EVENT_SCHEMA_DIR, name));
  }
  for (const f of files) writeFileSync(join(EVENT_SCHEMA_DIR, f.fileName), f.content);
  console.log(`wrote ${files.length} event schemas to ${EVENT_SCHEMA_DIR}`);
};

main();
