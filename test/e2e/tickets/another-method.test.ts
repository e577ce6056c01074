/**
 * "Offer another method" names what the user has: recovery codes left and other active factors
 * (an agent cannot offer a recovery code to a user who has none).
 */
import { describe, expect, it } from "vitest";
import { useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_another_method");

interface View {
  diagnosis: { pattern: string; summary: string; suggestedSteps: string[]; attempts: number } | null;
}
const SELECTION = "diagnosis { pattern summary suggestedSteps attempts }";

describe("ticket: offer another method", () => {
  it("shows the recovery codes left, or that there are none and no other factor", async () => {
    for (const u of ["with-codes", "without"]) {
      const f = await w.activeTotp(u);
      if (u === "with-codes") {
        await w.verify(u, f.code()); // a fresh verification lets the user issue recovery codes
        const issued = await w.call("enroll", "POST", `/v1/users/${u}/recovery-codes`);
        expect(issued.status).toBe(201);
        w.clock.advance(30_000);
      }
      for (let i = 0; i < 3; i++) await w.verify(u, f.code(-8 - i)); // phone 4-5 min behind
      await w.verify(u, f.code()); // and one success: Diagnosis.attempts counts failures only
      w.clock.advance(30_000);
      await w.settle(u);
    }
    const withCodes = await w.user<View>("with-codes", SELECTION);
    expect(withCodes.diagnosis?.pattern).toBe("clock_skew");
    expect(withCodes.diagnosis?.attempts).toBe(3);
    expect(withCodes.diagnosis?.suggestedSteps).toContain(
      "Offer another method while the problem is fixed: the user has 10 recovery codes left.",
    );
    const without = await w.user<View>("without", SELECTION);
    expect(without.diagnosis?.suggestedSteps).toContain(
      "The user has no recovery code left and no other active factor: another method cannot be offered; fix this one.",
    );
  });
});
