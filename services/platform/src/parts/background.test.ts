import { describe, expect, it } from "vitest";
import { isPlatformError } from "../errors";
import { createLifecycle } from "../lifecycle";
import { createCrash, runInBackground } from "./background";

describe("runInBackground", () => {
  it("reports a loop that fails or returns on its own as a crash", async () => {
    const crash = createCrash();
    runInBackground("relay", async () => Promise.reject(new Error("broker gone")), createLifecycle(), crash);
    const e = await crash.promise.catch((err: unknown) => err);
    expect(isPlatformError(e) && e.code).toBe("component_failed");
    expect(String(e)).toMatch(/relay failed: broker gone/);
  });

  it("stops a loop by aborting it and waits until it returned, without a crash", async () => {
    const crash = createCrash();
    let crashed = false;
    crash.promise.catch(() => {
      crashed = true;
    });
    const life = createLifecycle();
    let finished = false;
    runInBackground(
      "projector",
      (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener("abort", () => {
            finished = true;
            resolve();
          }),
        ),
      life,
      crash,
    );
    expect((await life.stopAll()).failed).toEqual([]);
    expect(finished).toBe(true);
    await new Promise((r) => setImmediate(r)); // let a (wrong) crash report settle
    expect(crashed).toBe(false);
  });
});
