import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { abortOnSignals, logFatal } from "./signals";

const recorder = () => {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj: object, msg?: string) => lines.push({ level: "info", obj, msg }),
    fatal: (obj: object, msg?: string) => lines.push({ level: "fatal", obj, msg }),
  };
};

describe("abortOnSignals", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("aborts on %s and logs it", (signal) => {
    const source = new EventEmitter();
    const logger = recorder();
    const controller = abortOnSignals(logger, { source });
    expect(controller.signal.aborted).toBe(false);
    source.emit(signal);
    expect(controller.signal.aborted).toBe(true);
    expect(logger.lines).toEqual([{ level: "info", obj: { signal }, msg: "stopping" }]);
  });

  it("listens only to the signals asked for, once each", () => {
    const source = new EventEmitter();
    const controller = abortOnSignals(recorder(), { source, signals: ["SIGINT"] });
    source.emit("SIGTERM");
    expect(controller.signal.aborted).toBe(false);
    source.emit("SIGINT");
    expect(controller.signal.aborted).toBe(true);
    expect(source.listenerCount("SIGINT")).toBe(0);
  });
});

describe("logFatal", () => {
  it("logs the error's name and message only", () => {
    const logger = recorder();
    const error = Object.assign(new TypeError("boom"), { detail: "input that may be secret" });
    logFatal(logger, error, "svc stopped on error");
    logFatal(logger, "plain", "svc stopped on error");
    expect(logger.lines).toEqual([
      { level: "fatal", obj: { err: { name: "TypeError", message: "boom" } }, msg: "svc stopped on error" },
      { level: "fatal", obj: { err: { name: "Error", message: "plain" } }, msg: "svc stopped on error" },
    ]);
  });
});
