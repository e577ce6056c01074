import { describe, expect, it } from "vitest";
import { createDiagnosisAppends } from "./diagnosis-appends";

/** An append that resolves when released, recording what it was given. */
function gatedAppend() {
  const calls: { userId: string; events: number[] }[] = [];
  const gates: (() => void)[] = [];
  const append = (userId: string, events: number[]) =>
    new Promise<void>((resolve) => {
      calls.push({ userId, events: [...events] });
      gates.push(resolve);
    });
  const releaseAll = () => {
    for (const g of gates.splice(0)) g();
  };
  return { calls, append, releaseAll };
}

describe("diagnosis appends", () => {
  it("coalesces one user's events that arrive during an append into the next one, in order", async () => {
    const g = gatedAppend();
    const appends = createDiagnosisAppends<number>({ append: g.append, onError: () => {} });
    appends.add("u1", 1);
    appends.add("u1", 2);
    appends.add("u1", 3);
    appends.add("u2", 10);
    await Promise.resolve();
    // the first append of u1 took event 1 at once; u2 does not wait for u1
    expect(g.calls).toEqual([
      { userId: "u1", events: [1] },
      { userId: "u2", events: [10] },
    ]);
    const drained = appends.drain();
    for (let i = 0; i < 5; i++) {
      g.releaseAll();
      await new Promise((r) => setImmediate(r));
    }
    await drained;
    expect(g.calls.filter((c) => c.userId === "u1").map((c) => c.events)).toEqual([[1], [2, 3]]);
  });

  it("reports a failed append and goes on with the next events", async () => {
    const errors: unknown[] = [];
    const seen: number[][] = [];
    let n = 0;
    const appends = createDiagnosisAppends<number>({
      append: async (_u, events) => {
        seen.push(events);
        if (n++ === 0) throw new Error("store down");
      },
      onError: (e) => errors.push(e),
    });
    appends.add("u1", 1);
    appends.add("u1", 2);
    await appends.drain();
    expect(errors).toHaveLength(1);
    expect(seen).toEqual([[1], [2]]);
  });

  it("bounds the events held per user", async () => {
    const g = gatedAppend();
    let dropped = 0;
    const appends = createDiagnosisAppends<number>({
      append: g.append,
      onError: () => {},
      maxPerUser: 2,
      onDropped: () => dropped++,
    });
    for (let i = 0; i < 6; i++) appends.add("u1", i); // 0 goes at once, 1 and 2 wait, the rest are dropped
    expect(dropped).toBe(3);
    const drained = appends.drain();
    for (let i = 0; i < 3; i++) {
      g.releaseAll();
      await new Promise((r) => setImmediate(r));
    }
    await drained;
    expect(g.calls.map((c) => c.events)).toEqual([[0], [1, 2]]);
  });
});
