import { describe, expect, it } from "vitest";
import { createLifecycle } from "./lifecycle";

describe("lifecycle", () => {
  it("stops parts in reverse start order, once, and keeps going past a failing part", async () => {
    const order: string[] = [];
    const life = createLifecycle();
    life.add("postgres", async () => void order.push("postgres"));
    life.add("projector", async () => {
      order.push("projector");
      throw new Error("boom");
    });
    life.add("verifier", async () => void order.push("verifier"));
    const [a, b] = await Promise.all([life.stopAll(), life.stopAll()]);
    expect(order).toEqual(["verifier", "projector", "postgres"]);
    expect(a.failed.map((f) => f.name)).toEqual(["projector"]);
    expect(b).toBe(a);
  });
});
