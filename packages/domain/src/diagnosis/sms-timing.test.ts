import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stepsFor } from "../patterns/steps";
import { describePattern } from "../patterns/wording";
import { diagnoseMismatch } from "./search";
import type { SmsChallengeView } from "./types";

const NOW = 1_764_000_000_000;
/** An SMS sent `sentAgoS` ago, valid 300 s, its receipt `deliveredAfterS` after the send (null: none). */
const sent = (sentAgoS: number, deliveredAfterS: number | null): SmsChallengeView => ({
  challengeId: "c1",
  sentAtMs: NOW - sentAgoS * 1000,
  expiresAtMs: NOW - sentAgoS * 1000 + 300_000,
  deliveryState: deliveredAfterS === null ? "sent" : "delivered",
  ...(deliveredAfterS === null ? {} : { deliveredAtMs: NOW - (sentAgoS - deliveredAfterS) * 1000 }),
  matches: (c) => c === "424242",
});
const expired = (challenge: SmsChallengeView) =>
  diagnoseMismatch({ method: "sms", nowMs: NOW, code: "424242", challenges: [challenge] });
const words = (d: ReturnType<typeof expired>) =>
  describePattern({
    dominant: d.pattern,
    agreeing: 1,
    failures: 1,
    skew: null,
    evidence: d.evidence,
    lockedOut: false,
    passedAfterLastFailure: false,
  });

describe("an expired SMS code: late delivery (carrier) or late entry (user)", () => {
  it("late delivery: the receipt came with under a minute of validity left", () => {
    const d = expired(sent(320, 290));
    expect(d).toMatchObject({
      pattern: "sms_expired_code",
      evidence: {
        smsLate: "delivery",
        smsValiditySeconds: 300,
        smsDeliveredAfterSeconds: 290,
        smsEnteredAfterSeconds: 320,
      },
    });
    expect(words(d)).toMatch(
      /^The SMS code was right but had expired: codes last 5 minutes, and the carrier delivered this one 4 minutes 50 seconds after it was sent\. It arrived late; the user did not enter it late\./,
    );
    expect(stepsFor(d.pattern, "sms", d.evidence)[0]).toMatch(/^The SMS arrived late/);
  });

  it("late entry: delivered in seconds, typed after the 5 minutes", () => {
    const d = expired(sent(400, 6));
    expect(d.evidence).toMatchObject({
      smsLate: "entry",
      smsDeliveredAfterSeconds: 6,
      smsEnteredAfterSeconds: 400,
    });
    expect(words(d)).toMatch(
      /^The SMS code was right but had expired: codes last 5 minutes; it was delivered 6 seconds after it was sent and entered 6 minutes 40 seconds after\. It was entered late\./,
    );
    expect(stepsFor(d.pattern, "sms", d.evidence)[0]).toMatch(
      /^Ask the user to enter the code within 5 minutes/,
    );
  });

  it("no receipt: says the timing cannot be told apart", () => {
    const d = expired(sent(400, null));
    expect(d.evidence.smsLate).toBeUndefined();
    expect(words(d)).toMatch(
      /entered 6 minutes 40 seconds after it was sent; no delivery receipt tells whether it arrived late\./,
    );
  });

  it("property: late delivery exactly when the receipt left under a minute (or half the validity)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 301, max: 3600 }), fc.integer({ min: 0, max: 3600 }), (ago, after) => {
        fc.pre(after <= ago);
        const d = expired(sent(ago, after));
        expect(d.pattern).toBe("sms_expired_code");
        expect(d.evidence.smsLate).toBe(300 - after < 60 ? "delivery" : "entry");
      }),
    );
  });
});
