import { describe, expect, it } from "vitest";
import { metricValue } from "./metric-value";

describe("metricValue", () => {
  it("reads a series exactly as printed, not one that merely starts with its name", () => {
    const text = 'a_total{reason="x"} 2\na_total_created 1\na_total 5\n# HELP b x\nb 0.5\n';
    expect(metricValue(text, "a_total")).toBe(5);
    expect(metricValue(text, 'a_total{reason="x"}')).toBe(2);
    expect(metricValue(text, "b")).toBe(0.5);
    expect(metricValue(text, "c")).toBeUndefined();
  });
});
