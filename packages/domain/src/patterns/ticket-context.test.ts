import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adviseTicket, inHowLong, staleDriftAdvice } from "./ticket-context";

const NOW = Date.UTC(2026, 0, 15, 9, 48, 56);

describe("adviseTicket", () => {
  it("leads with a running lockout, and notes one that ended by itself", () => {
    const running = adviseTicket({ nowMs: NOW, lockout: { lockedUntilMs: NOW + 37_000, failures: 5 } });
    expect(running.lead).toEqual([
      "The account is locked until 09:49 UTC (in 37 s) after 5 failed codes in a row.",
    ]);
    expect(running.steps[0]).toMatch(/^It unlocks by itself at 09:49 UTC/);
    const ended = adviseTicket({ nowMs: NOW, lockout: { lockedUntilMs: NOW - 1, failures: 5 } });
    expect(ended.lead).toEqual([]);
    expect(ended.tail[0]).toMatch(/^The lockout ended at 09:48 UTC/);
  });

  it("leads with a spent guessing budget, which no clock ends", () => {
    const spent = adviseTicket({ nowMs: NOW, lockout: null, budgetSpent: true });
    expect(spent.lead[0]).toMatch(/^The account is locked until a support unlock/);
    expect(spent.steps[0]).toMatch(/^Unlock only after verifying the user's identity/);
    expect(adviseTicket({ nowMs: NOW, lockout: null }).lead).toEqual([]);
  });

  it("says stuffing only when the failing IPs fail for 3 or more other accounts", () => {
    const facts = (otherAccountsByIp: number) => ({
      nowMs: NOW,
      lockout: null,
      sharedSources: { userIps: 2, sharedIps: 2, otherAccountsByIp, otherAccountsByNetwork: 0 },
    });
    expect(adviseTicket(facts(2)).attack).toBe(false);
    const a = adviseTicket(facts(40));
    expect(a.attack).toBe(true);
    expect(a.lead[0]).toMatch(/^These codes were typed from 2 IPs that fail for 40 other accounts/);
    expect(a.steps[0]).toMatch(/^Don't reset or disable 2FA on this call/);
  });
});

describe("staleDriftAdvice", () => {
  it("applies only when the codes are nearer server time than the learned drift", () => {
    expect(staleDriftAdvice(3, 12)?.summary).toMatch(/about 90 seconds ahead/);
    expect(staleDriftAdvice(3, 80)).toBeNull(); // the phone still runs ahead: the drift is right
    expect(staleDriftAdvice(null, 0)).toBeNull();
    expect(staleDriftAdvice(-10, 5)?.summary).toMatch(/about 5 minutes behind/);
  });
});

describe("inHowLong", () => {
  it("is never negative and grows with the time left", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e8 }), (ms) => {
        expect(inHowLong(ms)).toMatch(/^\d+ (s|min|h)/);
      }),
    );
    expect(inHowLong(37_000)).toBe("37 s");
    expect(inHowLong(15 * 60_000)).toBe("15 min");
    expect(inHowLong(4 * 3600_000)).toBe("4 h");
  });
});
