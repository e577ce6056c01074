/**
 * Ticket "my codes don't work" when the search finds no cause: the answer still tells the agent
 * what was checked and ruled out (clock errors, time zones, reuse, typing slips, other settings),
 * that the codes had the right length, the factor's learned drift, and what to do next.
 */
import { diagnoseMismatch, totpStep } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_no_cause");

interface View {
  factors: { drift: { steps: number } | null }[];
  diagnosis: {
    pattern: string;
    summary: string;
    suggestedSteps: string[];
    evidence: { diagnosis: { pattern: string } | null }[];
  } | null;
}
const SELECTION =
  "factors { drift { steps } } diagnosis { pattern summary suggestedSteps evidence { diagnosis { pattern } } }";

describe("ticket: no consistent cause", () => {
  it("shows what was checked and ruled out, the learned drift, and concrete next steps", async () => {
    const f = await w.activeTotp("nocause");
    for (let i = 0; i < 2; i++) {
      expect((await w.verify("nocause", f.code(1))).json.accepted).toBe(true); // learns +1 step
      w.clock.advance(30_000);
    }
    const lastAccepted = totpStep(w.clock.now(), 30);
    for (let i = 0; i < 3; i++) {
      // a code that matches nothing the engine searches (chosen against the same search locally)
      let n = 123_457 + i * 97_531;
      const unexplained = (code: string) =>
        diagnoseMismatch({
          method: "totp",
          code,
          nowMs: w.clock.now(),
          secret: f.secret,
          params: { algorithm: "SHA1", digits: 6, period: 30 },
          policy: { window: 1, driftSteps: 1, lastAcceptedStep: lastAccepted },
        }).pattern === "no_match";
      while (!unexplained(String(n).padStart(6, "0"))) n = (n + 7_919) % 1_000_000;
      expect((await w.verify("nocause", String(n).padStart(6, "0"))).json.accepted).toBe(false);
      w.clock.advance(30_000);
    }
    await w.settle("nocause");
    const v = await w.user<View>("nocause", SELECTION);
    expect(v.factors).toEqual([{ drift: { steps: 1 } }]);
    const d = v.diagnosis;
    expect(d?.pattern).toBe("no_match");
    expect(d?.summary).toMatch(
      /^No known cause explains the codes entered\. Checked and ruled out for each of the 3 codes: the phone's clock off by up to 15 minutes either way \(the 30 codes before and after\), a time-zone error \(whole and half hours up to 14 hours either way\), a code already used, a typing slip \(one digit wrong or two swapped\), a counter-based app entry, other app settings \(algorithm, digits or period\)\./,
    );
    expect(d?.summary).toMatch(/The codes had the expected 6 digits\./);
    expect(d?.summary).toMatch(
      /The factor has learned that the phone's clock runs 30 seconds ahead; the search allowed for it\./,
    );
    const steps = d?.suggestedSteps.join("\n") ?? "";
    expect(steps).toMatch(/^Ask the user which app and which account entry they read the code from/m);
    expect(steps).toMatch(/time zone/);
    expect(steps).toMatch(/re-enroll the factor after verifying the user's identity/);
    expect(d?.evidence).toHaveLength(3);
    for (const e of d?.evidence ?? []) expect(e.diagnosis?.pattern).toBe("no_match");
  });
});
