import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findSecretMaterial, isDeniedField } from "./redact";

const schemasDir = fileURLToPath(new URL("../../../schemas/events/", import.meta.url));

function propertyNames(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) propertyNames(n, into);
  else if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "properties" && v !== null && typeof v === "object")
        for (const name of Object.keys(v)) into.add(name);
      propertyNames(v, into);
    }
  }
  return into;
}

describe("redaction check against the event catalogue (schemas/events)", () => {
  const files = readdirSync(schemasDir).filter((f) => f.endsWith(".schema.json"));
  const names = new Set<string>();
  for (const f of files) propertyNames(JSON.parse(readFileSync(`${schemasDir}${f}`, "utf8")), names);

  it("reads the generated schemas", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(names.has("secretFingerprint")).toBe(true);
  });

  it("lets every field name of every cataloged event through (the relay must not stop on legitimate events)", () => {
    // matchedSecret is allowed only with its enum values (see ENUM_ONLY_FIELDS).
    expect([...names].filter(isDeniedField)).toEqual(["matchedSecret"]);
    expect(findSecretMaterial({ evidence: { matchedSecret: "retired", secretEdit: "dropped" } })).toEqual([]);
    expect(findSecretMaterial({ evidence: { matchedSecret: "JBSWY3DP" } })).toEqual([
      { path: "evidence.matchedSecret", rule: "denied_field" },
    ]);
  });
});
