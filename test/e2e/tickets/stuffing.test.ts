/**
 * Ticket "my codes don't work" from a credential-stuffing victim: the failed codes came from IPs
 * that fail for other accounts too (the fraud read models know). The agent hears that first, and
 * is told not to reset 2FA on this call, instead of "ask which app they used".
 */
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_SELECTION, type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_stuffing");

interface View {
  diagnosis: Diagnosed | null;
}
const SELECTION = DIAGNOSIS_SELECTION;
const BOTS = ["185.220.101.7", "185.220.101.9"];

/** A code that is none of the codes near now (so the diagnosis finds no cause). */
const junk = (i: number) => String(314159 + i * 7919).padStart(6, "0");

describe("ticket: credential-stuffing victim", () => {
  it("says first that the failing IPs fail for other accounts, and not to reset 2FA", async () => {
    const users = ["stuffed-victim", "stuffed-2", "stuffed-3", "stuffed-4", "stuffed-5", "own-typos"];
    for (const u of users) await w.activeTotp(u);
    for (const [i, u] of users.slice(0, 5).entries()) {
      for (const ip of BOTS) await w.verify(u, junk(i), { context: { ip } });
    }
    await w.verify("own-typos", junk(9), { context: { ip: "203.0.113.50" } });
    await w.verify("own-typos", junk(10), { context: { ip: "203.0.113.50" } });
    for (const u of users) await w.settle(u);

    const victim = await w.user<View>("stuffed-victim", SELECTION);
    expect(victim.diagnosis?.summary).toMatch(
      /^These codes were typed from 2 IPs that fail for 4 other accounts: the password is probably known to someone else\./,
    );
    expect(victim.diagnosis?.suggestedSteps[0]).toMatch(/^Don't reset or disable 2FA on this call/);
    expect(victim.diagnosis?.suggestedSteps.join(" ")).toMatch(/change (the|their) password/);
    expect(victim.diagnosis?.suggestedSteps.join(" ")).not.toMatch(/which app/);

    const alone = await w.user<View>("own-typos", SELECTION);
    expect(alone.diagnosis?.summary).not.toMatch(/other accounts/);
    expect(alone.diagnosis?.suggestedSteps.join(" ")).toMatch(/which app/);
  });
});
