/**
 * Ticket "my account is locked": after five wrong codes the agent sees until when (and in how
 * long), why, and what unlocking means; once the lockout has run out, `locked` is false (read at
 * query time from locked_until and the clock, not from a flag that nothing ever clears).
 */
import { describe, expect, it } from "vitest";
import { type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_lockout");

interface View {
  lockout: { locked: boolean; lockedUntil: string | null; reason: string | null };
  diagnosis: Diagnosed | null;
}
const SELECTION = `lockout { locked lockedUntil reason } diagnosis { pattern summary suggestedSteps }`;

describe("ticket: account locked", () => {
  it("says until when, in how long and why; unlocked by the clock once it ends", async () => {
    const f = await w.activeTotp("locked-1");
    const wrong = (f.code() === "000000" ? "111111" : "000000") as string;
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) last = (await w.verify("locked-1", wrong)).json;
    expect(last).toMatchObject({ accepted: false, retryAfterSeconds: 60 });
    w.clock.advance(23_000); // 09:48:33 + 23 s; the first lockout lasts 1 minute
    await w.settle("locked-1");

    const locked = await w.user<View>("locked-1", SELECTION);
    expect(locked.lockout.locked).toBe(true);
    expect(locked.lockout.lockedUntil).toBe("2026-01-15T09:49:33.000Z");
    expect(locked.diagnosis?.summary).toMatch(
      /^The account is locked until 09:49 UTC \(in 37 s\) after 5 failed codes in a row\./,
    );
    expect(locked.diagnosis?.suggestedSteps[0]).toMatch(/unlocks by itself at 09:49 UTC/);
    expect(locked.diagnosis?.suggestedSteps[0]).toMatch(/unlock .*only after verifying the user's identity/);

    w.clock.advance(40_000); // past locked_until: nothing was appended, the clock alone ends it
    const after = await w.user<View>("locked-1", SELECTION);
    expect(after.lockout.locked).toBe(false);
    expect(after.diagnosis?.summary).not.toMatch(/locked/);
    expect(after.diagnosis?.summary).toMatch(/lockout ended at 09:49 UTC/);
  });
});
