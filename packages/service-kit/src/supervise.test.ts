import { describe, expect, it } from "vitest";
import type { Readiness } from "./readiness";
import { supervise } from "./supervise";

const quiet = { warn: () => {}, info: () => {} };
const fast = { initialMs: 5, maxMs: 20 };

describe("supervise", () => {
  it("restarts a loop that fails, with backoff, and is unready naming the failure until it runs again", async () => {
    let runs = 0;
    let release: () => void = () => {};
    const running = new Promise<void>((r) => {
      release = r;
    });
    const part = supervise(
      "relay",
      async (signal) => {
        runs++;
        if (runs <= 3) throw new Error(`broker down (${runs})`);
        release();
        await new Promise<void>((r) => signal.addEventListener("abort", () => r()));
      },
      { logger: quiet, backoff: fast },
    );
    await running;
    expect(runs).toBe(4);
    expect(part.readiness()).toEqual({ ready: true });
    await part.close();
  });

  it("reports the last failure while it waits to retry, and restarts a loop that returned on its own", async () => {
    const failures: string[] = [];
    let runs = 0;
    const part = supervise(
      "projector",
      async () => {
        runs++;
        if (runs === 1) return; // returned on its own
        throw new Error("store unavailable");
      },
      {
        logger: { info: () => {}, warn: (o: object) => failures.push(JSON.stringify(o)) },
        backoff: { initialMs: 5, maxMs: 60_000 },
      },
    );
    await expect.poll(() => runs, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const state = part.readiness();
    expect(state.ready).toBe(false);
    expect(state.ready === false && state.reason).toMatch(
      /^projector failed: store unavailable; retrying since /,
    );
    expect(failures[0]).toMatch(/stopped on its own/);
    await part.close();
  });

  it("stops a waiting or running loop on close, and never runs it again", async () => {
    let runs = 0;
    const part = supervise(
      "ingest",
      async () => {
        runs++;
        throw new Error("x");
      },
      { logger: quiet, backoff: { initialMs: 60_000, maxMs: 60_000 } },
    );
    await expect.poll(() => runs).toBe(1);
    await part.close(); // does not wait out the minute
    expect(runs).toBe(1);
  });

  it("combines the loop's own readiness once it runs", async () => {
    let own: Readiness = { ready: false, reason: "broker not connected" };
    const part = supervise(
      "relay",
      (signal) => new Promise<void>((r) => signal.addEventListener("abort", () => r())),
      {
        logger: quiet,
        backoff: fast,
        ready: () => own,
      },
    );
    expect(part.readiness()).toEqual({ ready: false, reason: "relay: broker not connected" });
    own = { ready: true };
    expect(part.readiness()).toEqual({ ready: true });
    await part.close();
  });
});
