import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { READY } from "./readiness";
import { serveUntilSignal } from "./serve";
import type { RunningService } from "./service";

const quiet = { info: () => {}, fatal: () => {} };
const running = (onClose: () => Promise<void>): RunningService => ({
  ready: async () => READY,
  close: onClose,
  urls: { api: null, ops: null },
});

describe("serveUntilSignal", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "serves until %s, then closes the service and answers 0",
    async (signal) => {
      const source = new EventEmitter();
      let closed = 0;
      const code = serveUntilSignal("relay", async () => running(async () => void closed++), quiet, {
        source,
      });
      await new Promise((r) => setImmediate(r));
      expect(closed).toBe(0);
      source.emit(signal);
      expect(await code).toBe(0);
      expect(closed).toBe(1);
    },
  );

  it("answers 1 with the error's name and message only when the start fails, or when closing fails", async () => {
    const fatal: object[] = [];
    const logger = { info: () => {}, fatal: (obj: object) => fatal.push(obj) };
    const failed = Object.assign(new Error("port taken"), { detail: "secret-ish input" });
    expect(await serveUntilSignal("verifier", () => Promise.reject(failed), logger)).toBe(1);
    expect(fatal).toEqual([{ err: { name: "Error", message: "port taken" } }]);
    const source = new EventEmitter();
    const code = serveUntilSignal(
      "ingest",
      async () =>
        running(async () => {
          throw new Error("pool end failed");
        }),
      logger,
      { source },
    );
    await new Promise((r) => setImmediate(r));
    source.emit("SIGTERM");
    expect(await code).toBe(1);
  });

  it("closes at once when the signal came during the start", async () => {
    const source = new EventEmitter();
    let closed = false;
    const code = await serveUntilSignal(
      "projector",
      async () => {
        source.emit("SIGTERM");
        return running(async () => {
          closed = true;
        });
      },
      quiet,
      { source },
    );
    expect(code).toBe(0);
    expect(closed).toBe(true);
  });
});
