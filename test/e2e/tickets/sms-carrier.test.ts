/**
 * Ticket "I never got the SMS": the carrier's error code of the delivery receipt (30007) is kept
 * to the agent and said in words (filtered as spam), with the step that fits.
 */
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { type Diagnosed, useTicketWorld } from "./ticket-harness";

const w = useTicketWorld("ticket_sms_carrier");

interface View {
  smsDeliveries: { state: string; failureReason: string | null }[];
  diagnosis: Diagnosed | null;
}
const SELECTION = "smsDeliveries { state failureReason } diagnosis { pattern summary suggestedSteps }";

describe("ticket: SMS not delivered", () => {
  it("keeps the carrier's error code and says what it means", async () => {
    const r = await w.call("enroll", "POST", "/v1/users/texter/factors", {
      method: "sms",
      phone: "+33612345678",
    });
    expect(r.status).toBe(201);
    const factorId = String(r.json.factorId);
    const dispatched = (await w.store.readStream(userStreamId("texter"))).find(
      (e) => e.type === "SmsDispatched",
    );
    const messageId = (dispatched?.data.data as { messageId?: string } | undefined)?.messageId;
    expect(messageId).toBeDefined();
    const receipt = await w.call("admin", "POST", "/v1/sms/receipts", {
      messageId,
      status: "failed",
      carrierErrorCode: "30007",
    });
    expect(receipt.status).toBe(200);
    w.clock.advance(40_000);
    await w.call("enroll", "POST", `/v1/users/texter/factors/${factorId}/confirm`, { code: "123456" });
    await w.settle("texter");

    const v = await w.user<View>("texter", SELECTION);
    expect(v.smsDeliveries[0]).toEqual({ state: "delivery_failed", failureReason: "30007" });
    expect(v.diagnosis?.pattern).toBe("sms_not_delivered");
    expect(v.diagnosis?.summary).toMatch(
      /The carrier reported error 30007: the carrier filtered the message as spam\./,
    );
    expect(v.diagnosis?.suggestedSteps[0]).toMatch(/^The carrier filters our messages as spam/);
  });
});
