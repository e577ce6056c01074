import { describe, expect, it } from "vitest";
import { createLifecycle } from "../lifecycle";
import { runSupervised } from "./background";

const quiet = { info: () => {}, warn: () => {} };

describe("runSupervised", () => {
  it("restarts a loop that fails or returns on its own, unready while it waits: never a crash of the platform", async () => {
    let runs = 0;
    const life = createLifecycle();
    const part = runSupervised(
      "relay",
      async () => {
        runs++;
        if (runs === 2) return;
        throw new Error("broker gone");
      },
      { life, logger: quiet, backoff: { initialMs: 5, maxMs: 60_000 } },
    );
    await expect.poll(() => runs).toBeGreaterThanOrEqual(3);
    const state = part.readiness();
    expect(state.ready).toBe(false);
    expect(state.ready === false && state.reason).toMatch(/^relay failed: broker gone; retrying since /);
    expect((await life.stopAll()).failed).toEqual([]);
  });

  it("stops a loop by aborting it and waits until it returned", async () => {
    const life = createLifecycle();
    let finished = false;
    runSupervised(
      "projector",
      (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => {
            finished = true;
            resolve();
          }),
        ),
      { life, logger: quiet },
    );
    expect(life.names()).toEqual(["projector"]);
    expect((await life.stopAll()).failed).toEqual([]);
    expect(finished).toBe(true);
  });
});
