/** liftSmsBlock through the decider and the command handler, on the prefix's stream in PostgreSQL. */
import { fromStoredEvent, smsGuardUserId } from "@factorlens/domain";
import { userStreamId } from "@factorlens/event-store";
import { describe, expect, it } from "vitest";
import { newId, useTestEventStore } from "../testing/pg-event-store";
import { createDeciderSupportActions } from "./decider-actions";

const pg = useTestEventStore("support_sms_lift");
const NOW = new Date("2026-11-26T12:00:00Z");

describe("liftSmsBlock on PostgreSQL", () => {
  it("appends SmsBlockLifted by the agent under the ticket, once per lift, on the prefix's stream", async () => {
    const actions = createDeciderSupportActions({ eventStore: pg.store, clock: { now: () => NOW }, newId });
    const actor = { agentId: "lead-1", ticket: "ZD-9" };
    const first = await actions.liftSmsBlock(actor, {
      numberPrefix: "+23276",
      reason: "confirmed with the operator",
    });
    const second = await actions.liftSmsBlock(actor, {
      numberPrefix: "+23276",
      reason: "again after a new trip",
    });
    expect(first).toMatchObject({ ok: true, revision: 0 });
    expect(second).toMatchObject({ ok: true, revision: 1 });
    const events = (await pg.store.readStream(userStreamId(smsGuardUserId("+23276")))).map(fromStoredEvent);
    expect(events.map((e) => [e.type, e.userId, e.actor, e.occurredAt, e.data])).toEqual([
      [
        "SmsBlockLifted",
        "sms-guard:+23276",
        { kind: "support", agentId: "lead-1", ticketRef: "ZD-9" },
        NOW.toISOString(),
        { numberPrefix: "+23276", reason: "confirmed with the operator" },
      ],
      [
        "SmsBlockLifted",
        "sms-guard:+23276",
        { kind: "support", agentId: "lead-1", ticketRef: "ZD-9" },
        NOW.toISOString(),
        { numberPrefix: "+23276", reason: "again after a new trip" },
      ],
    ]);
  });
});
