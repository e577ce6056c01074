import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "./catalogue";
import { eventJsonSchemas } from "./json-schemas";

const DIR = fileURLToPath(new URL("../../../../schemas/events/", import.meta.url));
const HINT = "run pnpm --filter @factorlens/domain gen:schemas";

describe("schemas/events", () => {
  const files = eventJsonSchemas();

  it("has one current schema per event type, plus the upcastable ChallengeFailed v1", () => {
    const names = files.map((f) => f.fileName);
    for (const type of EVENT_TYPES) expect(names.some((n) => n.startsWith(`${type}.v`))).toBe(true);
    expect(names).toContain("ChallengeFailed.v1.schema.json");
    expect(names).toContain("ChallengeFailed.v2.schema.json");
  });

  it("checked-in files match the catalogue", () => {
    const stale: string[] = [];
    for (const f of files) {
      const path = join(DIR, f.fileName);
      if (!existsSync(path) || readFileSync(path, "utf8") !== f.content) stale.push(f.fileName);
    }
    const wanted = new Set(files.map((f) => f.fileName));
    const extra = existsSync(DIR)
      ? readdirSync(DIR).filter((n) => n.endsWith(".schema.json") && !wanted.has(n))
      : [];
    expect(stale.concat(extra), `stale, missing or extra schema files: ${HINT}`).toEqual([]);
  });

  it("generation is deterministic and never admits unknown keys", () => {
    expect(eventJsonSchemas()).toEqual(files);
    for (const f of files) expect(JSON.parse(f.content).additionalProperties).toBe(false);
  });
});
