import { readFileSync } from "node:fs";
import { DEFAULT_PATTERN_WINDOWS_MS } from "@factorlens/read-models";
import { getNamedType, isEnumType, isInputObjectType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { printSupportSchema, SCHEMA_FILE } from "../print-schema";
import { schema } from "./index";

describe("printed schema", () => {
  it("matches schemas/graphql/support.graphql (run gen:schema when this fails)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(printSupportSchema());
  });

  it("has no output field that could carry a secret, a code or a full phone number", () => {
    const suspicious: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const [name, field] of Object.entries(type.getFields())) {
        const lname = name.toLowerCase();
        const isErrorCode = getNamedType(field.type).name === "SupportErrorCode" || lname === "errorcode";
        if (/secret|(^|[^h])otp|fingerprint|seed|phone(?!masked)|code/.test(lname) && !isErrorCode)
          suspicious.push(`${type.name}.${name}`);
      }
    }
    expect(suspicious).toEqual([]);
  });

  it("takes OTP codes only as input of resyncHotp", () => {
    const withCodes = Object.values(schema.getTypeMap())
      .filter(isInputObjectType)
      .filter((t) => Object.keys(t.getFields()).some((f) => /^code/.test(f)))
      .map((t) => t.name);
    expect(withCodes).toEqual(["ResyncHotpInput"]);
  });

  it("offers exactly the pattern windows the projector keeps", () => {
    const windows = schema.getType("PatternWindow");
    const values = isEnumType(windows) ? windows.getValues().map((v) => v.value as number) : [];
    expect(values.sort((a, b) => a - b)).toEqual([...DEFAULT_PATTERN_WINDOWS_MS]);
  });
});
