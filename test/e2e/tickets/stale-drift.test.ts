/**
 * Ticket "codes stopped working" after the user fixed the phone's clock: the factor had learned
 * a drift (+3 steps), the phone's codes now match the server's time, so they fall outside the
 * drifted window. The answer is the support action "reset drift", not "turn on automatic time".
 */
import { describe, expect, it } from "vitest";
import { type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_stale_drift");

interface View {
  factors: { drift: { steps: number } | null }[];
  diagnosis: Diagnosed | null;
}
const SELECTION = "factors { drift { steps } } diagnosis { pattern summary suggestedSteps }";

describe("ticket: learned drift that no longer applies", () => {
  it("says to reset the drift", async () => {
    const f = await w.activeTotp("drifted");
    for (const k of [1, 1, 2, 2, 3, 3]) {
      expect((await w.verify("drifted", f.code(k))).json.accepted).toBe(true); // phone running ahead
      w.clock.advance(30_000);
    }
    for (let i = 0; i < 3; i++) {
      expect((await w.verify("drifted", f.code(0))).json.accepted).toBe(false); // clock fixed
      w.clock.advance(30_000);
    }
    await w.settle("drifted");
    const v = await w.user<View>("drifted", SELECTION);
    expect(v.factors).toEqual([{ drift: { steps: 3 } }]);
    expect(v.diagnosis?.summary).toMatch(
      /^The factor learned that the phone's clock runs about 90 seconds ahead, but its codes now match the server's time: the clock was fixed, and the learned drift no longer applies\./,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(
      /^Reset the learned drift \(support action "reset drift" on this factor\)/,
    );
    expect(v.diagnosis?.suggestedSteps.some((s) => /^Turn on automatic date/.test(s))).toBe(false);
  });
});
