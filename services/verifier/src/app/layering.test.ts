/**
 * The application core owns its types and ports: nothing in app/ imports the HTTP layer or an
 * adapter (db/, vault/, sms/); they import app/ instead.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const appDir = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(appDir, "..");
const OUTSIDE_THE_CORE = ["http", "db", "vault", "sms"];

/** Relative import targets of a file, as paths under src/. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/(?:import|export)[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) =>
    relative(srcDir, resolve(dirname(file), m[1] ?? "")),
  );

describe("app/ layering", () => {
  it("imports neither http/ nor an adapter", () => {
    const files = readdirSync(appDir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    const offending = files.flatMap((f) =>
      importsOf(join(appDir, f))
        .filter((target) => OUTSIDE_THE_CORE.includes(target.split("/")[0] ?? ""))
        .map((target) => `${f} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
