/**
 * Ticket "I can't disable 2FA": turning 2FA off needs a successful code within the last few
 * minutes. The refused disable is recorded (FactorDisableRefused), shown on the timeline and
 * explained to the agent with the way out: log in with a code, then disable within N minutes.
 */
import { describe, expect, it } from "vitest";
import { createTicketWorld, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_cant_disable");

interface View {
  factors: { status: string }[];
  diagnosis: { summary: string; suggestedSteps: string[] } | null;
  timeline: { edges: { node: { outcome: string; method: string | null; reason: string | null } }[] };
}
const SELECTION = `factors { status } diagnosis { summary suggestedSteps }
  timeline(first: 10) { edges { node { outcome method reason } } }`;

describe("ticket: can't disable 2FA", () => {
  it("records and explains a refused disable: log in with a code, then disable within 5 minutes", async () => {
    const f = await w.activeTotp("disabler"); // confirmed at 09:48:03, then 30 s on
    w.clock.advance(10 * 60_000);
    const r = await w.call("enroll", "DELETE", `/v1/users/disabler/factors/${f.factorId}`);
    expect(r.status).toBe(403);
    await w.settle("disabler");
    const v = await w.user<View>("disabler", SELECTION);
    expect(v.factors).toEqual([{ status: "active" }]);
    expect(v.diagnosis?.summary).toMatch(
      /^The user tried to turn off 2FA \(authenticator app\) at 09:58 UTC and was refused: turning it off needs a successful code within the last 5 minutes, and the last one was 11 minutes earlier\./,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(
      /^Ask the user to log in with a code from the authenticator app, then turn 2FA off within 5 minutes/,
    );
    expect(v.timeline.edges.map((e) => e.node)).toContainEqual({
      outcome: "refused",
      method: "totp",
      reason: "disable_fresh_verification_required",
    });
  });

  it("says nothing more about it once the user did log in and disable", async () => {
    const f = await w.activeTotp("disabler2");
    w.clock.advance(10 * 60_000);
    expect((await w.call("enroll", "DELETE", `/v1/users/disabler2/factors/${f.factorId}`)).status).toBe(403);
    expect((await w.verify("disabler2", f.code())).json.accepted).toBe(true);
    expect((await w.call("enroll", "DELETE", `/v1/users/disabler2/factors/${f.factorId}`)).status).toBe(200);
    await w.settle("disabler2");
    const v = await w.user<View>("disabler2", SELECTION);
    expect(v.factors).toEqual([{ status: "disabled" }]);
    expect(v.diagnosis?.summary ?? "").not.toMatch(/refused/);
  });

  it("words the configured window (FACTORLENS_FRESH_VERIFICATION_MINUTES=15)", async () => {
    const w15 = await createTicketWorld("ticket_cant_disable_15", {
      FACTORLENS_FRESH_VERIFICATION_MINUTES: "15",
    });
    try {
      const f = await w15.activeTotp("disabler15");
      w15.clock.advance(10 * 60_000); // within 15 minutes: allowed
      expect((await w15.call("enroll", "DELETE", `/v1/users/disabler15/factors/${f.factorId}`)).status).toBe(
        200,
      );
      const g = await w15.activeTotp("disabler15b");
      w15.clock.advance(20 * 60_000);
      expect((await w15.call("enroll", "DELETE", `/v1/users/disabler15b/factors/${g.factorId}`)).status).toBe(
        403,
      );
      await w15.settle("disabler15b");
      const v = await w15.user<View>("disabler15b", SELECTION);
      expect(v.diagnosis?.summary).toMatch(
        /needs a successful code within the last 15 minutes, and the last one was 21 minutes earlier\./,
      );
      expect(v.diagnosis?.suggestedSteps[0]).toMatch(/then turn 2FA off within 15 minutes of it\./);
    } finally {
      await w15.close();
    }
  });
});
