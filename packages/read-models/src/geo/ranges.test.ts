import { describe, expect, it } from "vitest";
import { findRange } from "./ranges";

describe("findRange", () => {
  const starts = [10, 20, 40];
  const ends = [15, 30, 40];
  it.each([
    [9, -1], // before the first range
    [10, 0],
    [15, 0],
    [16, -1], // in a gap
    [25, 1],
    [40, 2], // a one-address range
    [41, -1], // past the last range
  ])("finds %d in range %d", (x, index) => {
    expect(findRange(starts, ends, x)).toBe(index);
  });
  it("searches bigint ranges alike", () => {
    expect(findRange([1n, 2n ** 100n], [5n, 2n ** 101n], 2n ** 100n + 1n)).toBe(1);
    expect(findRange<bigint>([], [], 1n)).toBe(-1);
  });
});
