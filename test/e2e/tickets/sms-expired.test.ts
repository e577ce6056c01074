/**
 * Ticket "the SMS code says expired": the answer says how long codes last and whether the SMS
 * arrived late (the carrier's receipt came near or after expiry) or was typed late (delivered in
 * seconds), from the send, receipt and entry times the events hold.
 */
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_SELECTION, type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_sms_expired");

interface View {
  diagnosis: Diagnosed | null;
}
const SELECTION = DIAGNOSIS_SELECTION;

/** An active SMS factor, then a login SMS whose receipt comes `receiptAfterS` after the send. */
async function expiredLogin(userId: string, receiptAfterS: number, enteredAfterS: number) {
  const r = await w.call("enroll", "POST", `/v1/users/${userId}/factors`, {
    method: "sms",
    phone: "+33612345678",
  });
  const factorId = String(r.json.factorId);
  const enrollCode = /\b(\d{6})\b/.exec(w.sms.at(-1)?.body ?? "")?.[1];
  const confirmed = await w.call("enroll", "POST", `/v1/users/${userId}/factors/${factorId}/confirm`, {
    code: enrollCode,
  });
  expect(confirmed.json.confirmed).toBe(true);
  w.clock.advance(60_000);
  expect(
    (await w.call("verify", "POST", `/v1/users/${userId}/sms-challenges`, { attemptId: `${userId}-login` }))
      .status,
  ).toBe(201);
  const code = /\b(\d{6})\b/.exec(w.sms.at(-1)?.body ?? "")?.[1] ?? "";
  const messageId = (await w.store.readStream(userStreamId(userId)))
    .filter((e) => e.type === "SmsDispatched")
    .map((e) => (e.data.data as { messageId: string }).messageId)
    .at(-1);
  w.clock.advance(receiptAfterS * 1000);
  expect((await w.call("admin", "POST", "/v1/sms/receipts", { messageId, status: "delivered" })).status).toBe(
    200,
  );
  w.clock.advance((enteredAfterS - receiptAfterS) * 1000);
  const late = await w.verify(userId, code, { method: "sms" });
  expect(late.json.accepted).toBe(false);
  await w.settle(userId);
  return w.user<View>(userId, SELECTION);
}

describe("ticket: expired SMS code", () => {
  it("late delivery: the carrier's receipt came 4 min 50 s after the send (codes last 5 minutes)", async () => {
    const v = await expiredLogin("late-carrier", 290, 320);
    expect(v.diagnosis?.pattern).toBe("sms_expired_code");
    expect(v.diagnosis?.summary).toMatch(
      /^The SMS code was right but had expired: codes last 5 minutes, and the carrier delivered this one 4 minutes 50 seconds after it was sent\. It arrived late; the user did not enter it late\./,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(
      /^The SMS arrived late \(the carrier's delay, not the user\)/,
    );
  });

  it("late entry: delivered 6 s after the send, typed 6 min 40 s after it", async () => {
    const v = await expiredLogin("late-typist", 6, 400);
    expect(v.diagnosis?.pattern).toBe("sms_expired_code");
    expect(v.diagnosis?.summary).toMatch(
      /^The SMS code was right but had expired: codes last 5 minutes; it was delivered 6 seconds after it was sent and entered 6 minutes 40 seconds after\. It was entered late\./,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(
      /^Ask the user to enter the code within 5 minutes of the SMS/,
    );
  });
});
