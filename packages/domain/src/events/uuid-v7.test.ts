import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventId } from "./primitives";
import { createUuidV7Generator, uuidV7 } from "./uuid-v7";

describe("uuidV7", () => {
  it("encodes the millisecond timestamp, version 7 and the RFC variant", () => {
    const id = uuidV7(0x0190_a5d0_1234, new Uint8Array(10).fill(0xff));
    expect(id).toBe("0190a5d0-1234-7fff-bfff-ffffffffffff");
    expect(EventId.safeParse(id).success).toBe(true);
  });

  it("a generator yields strictly increasing ids even when the clock stalls or steps back", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 2, maxLength: 200 }),
        fc.integer(),
        (steps, seed) => {
          let t = 1_764_000_000_000;
          let i = 0;
          let r = seed;
          const next = createUuidV7Generator({
            now: () => {
              t += steps[i++ % steps.length]!;
              return t;
            },
            randomBytes: (n) =>
              Uint8Array.from({ length: n }, () => {
                r = (r * 1_103_515_245 + 12_345) >>> 0;
                return r >>> 24;
              }),
          });
          const ids = steps.map(() => next());
          for (let k = 1; k < ids.length; k++) expect(ids[k]! > ids[k - 1]!).toBe(true);
          for (const id of ids)
            expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        },
      ),
    );
  });
});
