import pino from "pino";
import { describe, expect, it } from "vitest";
import { createDiagnosisQueue } from "./diagnosis-queue";

describe("diagnosis queue", () => {
  it("runs jobs one at a time after the current tick, drops beyond the bound, survives a failing job", async () => {
    let dropped = 0;
    const q = createDiagnosisQueue({
      logger: pino({ level: "silent" }),
      maxPending: 3,
      onDropped: () => dropped++,
    });
    const order: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (n: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setImmediate(r));
      order.push(n);
      running--;
      if (n === 2) throw new Error("boom");
    };
    expect([q.enqueue(job(1)), q.enqueue(job(2)), q.enqueue(job(3)), q.enqueue(job(4))]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(order).toEqual([]);
    await q.drain();
    expect(order).toEqual([1, 2, 3]);
    expect(maxRunning).toBe(1);
    expect(dropped).toBe(1);
    expect(q.pending).toBe(0);
  });
});
