/**
 * Ticket "the code has the wrong length": the verifier calls such codes malformed, and they are
 * diagnosed all the same: a digit left out (5 typed), a digit typed twice (7), or an app entry
 * showing 8 digits.
 */
import { totpCode, totpStep } from "@factorlens/domain";
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_SELECTION, type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_wrong_length");

interface View {
  diagnosis: Diagnosed | null;
}
const SELECTION = DIAGNOSIS_SELECTION;

describe("ticket: codes of the wrong length", () => {
  it("finds a dropped digit, a doubled digit and an 8-digit app entry", async () => {
    const dropped = await w.activeTotp("five-digits");
    const doubled = await w.activeTotp("seven-digits");
    const eight = await w.activeTotp("eight-digits");
    for (let i = 0; i < 2; i++) {
      const c = dropped.code();
      expect((await w.verify("five-digits", c.slice(0, 2) + c.slice(3))).json.accepted).toBe(false);
      const d = doubled.code();
      expect((await w.verify("seven-digits", d.slice(0, 4) + d.slice(3))).json.accepted).toBe(false);
      const e = totpCode(
        eight.secret,
        { algorithm: "SHA1", digits: 8, period: 30 },
        totpStep(w.clock.now(), 30),
      );
      expect((await w.verify("eight-digits", e)).json.accepted).toBe(false);
      w.clock.advance(30_000);
    }
    for (const u of ["five-digits", "seven-digits", "eight-digits"]) await w.settle(u);

    const five = await w.user<View>("five-digits", SELECTION);
    expect(five.diagnosis?.pattern).toBe("digit_typo");
    expect(five.diagnosis?.summary).toMatch(
      /^The code was typed almost right \(one digit left out\)\. 2 of 2/,
    );
    const seven = await w.user<View>("seven-digits", SELECTION);
    // the step names the same slip as the summary, not "one digit wrong or two swapped"
    expect(five.diagnosis?.suggestedSteps[0]).toMatch(/^The code was almost right \(one digit left out\)/);
    expect(seven.diagnosis?.summary).toMatch(/^The code was typed almost right \(one digit typed twice\)/);
    expect(seven.diagnosis?.suggestedSteps[0]).toMatch(
      /^The code was almost right \(one digit typed twice\)/,
    );
    const eightView = await w.user<View>("eight-digits", SELECTION);
    expect(eightView.diagnosis?.pattern).toBe("wrong_parameters");
    expect(eightView.diagnosis?.summary).toMatch(/other settings \(8 digits\)/);
  });
});
