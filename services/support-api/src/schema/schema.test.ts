import { readFileSync } from "node:fs";
import { getNamedType, isInputObjectType, isObjectType } from "graphql";
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
});
