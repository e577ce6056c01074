import { describe, expect, it } from "vitest";
import { csvField, EXPORTED_LISTS, exportQuery, flatten } from "./fraud-lists";

describe("export encoding", () => {
  it("quotes CSV fields per RFC 4180 and never lets a spreadsheet run a formula", () => {
    expect(csvField('AS "Tor", e.V.\n')).toBe('"AS ""Tor"", e.V.\n"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("+23276")).toBe("+23276");
    expect([csvField(null), csvField(0.25), csvField(12)]).toEqual(["", "0.25", "12"]);
  });

  it("flattens nested nodes to the dotted columns the list declares", () => {
    const row = flatten({ account: { pseudonym: "p1", userId: null }, loginAt: "t" });
    expect(row).toEqual({ "account.pseudonym": "p1", "account.userId": null, loginAt: "t" });
    for (const c of EXPORTED_LISTS.disabledAfterNewCountryLogin!.columns)
      if (c.startsWith("account.") || c === "loginAt") expect(c in row).toBe(true);
  });

  it("declares only the arguments that were given", () => {
    const q = exportQuery("failuresGrouped", EXPORTED_LISTS.failuresGrouped!, ["by", "reason"]);
    expect(q).toContain("$by: FailureGrouping!, $reason: String");
    expect(q).toContain("failuresGrouped(first: $first, after: $after, by: $by, reason: $reason)");
    expect(q).not.toContain("$pattern");
  });
});
