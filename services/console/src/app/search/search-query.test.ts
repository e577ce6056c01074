import { describe, expect, it } from "vitest";
import { actionsFor } from "../agent/actions";
import { parseRoute } from "../lib/use-route";
import { looksLikeIp } from "./search-query";

describe("search box and routes", () => {
  it("tells an IP or network from anything else", () => {
    for (const ip of ["203.0.113.9", "203.0.113.0/24", "2001:db8::1", "2001:db8::/48"])
      expect(looksLikeIp(ip)).toBe(true);
    for (const no of ["demo-r1-0001", "u-1", "203.0.113", "", "1.2.3.4/"])
      expect(looksLikeIp(no)).toBe(false);
  });

  it("routes a drill-down to the accounts of an IP or network (the / of a CIDR encoded)", () => {
    expect(parseRoute(`#/accounts/${encodeURIComponent("185.220.101.0/24")}`)).toEqual({
      page: "accounts",
      ip: "185.220.101.0/24",
    });
    expect(parseRoute("#/accounts/")).toEqual({ page: "find" });
  });

  it("offers resetting and disabling a factor to leads only", () => {
    expect(actionsFor(true)).toEqual(expect.arrayContaining(["resetFactor", "disableFactor", "unlockUser"]));
    expect(actionsFor(false)).not.toContain("disableFactor");
    expect(actionsFor(false)).not.toContain("resetFactor");
    expect(actionsFor(false)).toContain("unlockUser");
  });
});
