import { describe, expect, it } from "vitest";
import { issueRecoveryCodes, matchRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";

describe("recovery codes", () => {
  it("issues 10 distinct codes whose hashes match only themselves", async () => {
    const { codes, set } = await issueRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(set.hashes.every((h) => h.length === 32)).toBe(true);
    expect(set.hashes.some((h) => h.toString("latin1").includes(codes[0] ?? "?"))).toBe(false);
    expect(await matchRecoveryCode(codes[3]!, set)).toBe(3);
    expect(await matchRecoveryCode(codes[7]!.toUpperCase().replace("-", " "), set)).toBe(7);
    expect(await matchRecoveryCode("00000-00000", set)).toBeNull();
    expect(await matchRecoveryCode("not a code", set)).toBeNull();
  });

  it("normalises look-alike characters", () => {
    expect(normalizeRecoveryCode("abcdo-il123")).toBe("ABCD011123");
    expect(normalizeRecoveryCode("abcd")).toBeNull();
  });
});
