import { describe, expect, it } from "vitest";
import { atMostEvery } from "./throttle";

describe("atMostEvery", () => {
  it("runs at most once per interval and retries after a failure", async () => {
    let t = 0;
    let runs = 0;
    let fail = false;
    const f = atMostEvery(
      5000,
      async () => {
        runs++;
        if (fail) throw new Error("down");
        return runs;
      },
      () => t,
    );
    expect(await f()).toBe(1);
    t = 4999;
    expect(await f()).toBe(1);
    t = 5000;
    fail = true;
    await expect(f()).rejects.toThrow("down");
    t = 5001;
    fail = false;
    expect(await f()).toBe(3);
    expect(runs).toBe(3);
  });
});
