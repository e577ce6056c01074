/**
 * Ticket "I can't enable 2FA": the first codes after scanning fail. The failed confirmations are
 * attempts on the timeline (failed, with their method), they are counted in the user's summary,
 * worded as such and diagnosed like login failures.
 */
import { describe, expect, it } from "vitest";
import { useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_cant_enable");

interface View {
  factors: { status: string }[];
  diagnosis: { pattern: string; summary: string; suggestedSteps: string[]; attempts: number } | null;
  timeline: {
    edges: { node: { outcome: string; method: string | null; diagnosis: { pattern: string } | null } }[];
  };
}
const SELECTION = `factors { status } diagnosis { pattern summary suggestedSteps attempts }
  timeline(first: 10) { edges { node { outcome method diagnosis { pattern } } } }`;

describe("ticket: can't enable 2FA", () => {
  it("counts, words and diagnoses the failed first codes", async () => {
    const f = await w.startTotp("enabler");
    for (let i = 0; i < 3; i++) {
      const r = await w.call("enroll", "POST", `/v1/users/enabler/factors/${f.factorId}/confirm`, {
        code: f.code(-8), // the phone's clock is about 4 minutes behind
      });
      expect(r.json.confirmed).toBe(false);
      w.clock.advance(20_000);
    }
    await w.settle("enabler");
    const v = await w.user<View>("enabler", SELECTION);
    expect(v.factors).toEqual([{ status: "pending" }]);
    expect(v.diagnosis?.pattern).toBe("clock_skew");
    expect(v.diagnosis?.attempts).toBe(3);
    expect(v.diagnosis?.summary).toMatch(
      /^The first code after scanning failed 3 times: the phone's clock is about 4 minutes behind the server/,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(/automatic date & time/);
    const nodes = v.timeline.edges.map((e) => e.node);
    expect(nodes).toHaveLength(3);
    for (const n of nodes)
      expect(n).toEqual({ outcome: "failed", method: "totp", diagnosis: { pattern: "clock_skew" } });
  });
});
