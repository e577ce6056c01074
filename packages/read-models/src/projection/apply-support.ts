import type { EventOf, FactorlensEvent } from "@factorlens/domain";
import type { BatchState } from "./batch-state";

type SupportEventType = "SupportLookupPerformed" | "SupportLookupFailed" | "SupportActionTaken";

/** Support lookups and actions → support_audit; any other event done by an agent is a "change". */
export const applySupportEvent = (
  s: BatchState,
  e: EventOf<SupportEventType>,
  eventId: string,
  position: number,
): void => {
  const common = { event_id: eventId, position, occurred_at: e.occurredAt, agent_id: e.data.agentId };
  if (e.type === "SupportLookupPerformed" || e.type === "SupportLookupFailed") {
    s.supportAudit.push({
      ...common,
      kind: "lookup",
      ticket_ref: e.data.ticketRef,
      user_id: e.data.targetUserId,
      action: null,
      fields: [...e.data.fieldsRead],
      // a miss or a refusal: why the lookup returned nothing
      details: e.type === "SupportLookupFailed" ? { failure: e.data.reason } : {},
    });
    return;
  }
  s.supportAudit.push({
    ...common,
    kind: "action",
    ticket_ref: e.data.ticketRef,
    user_id: e.userId,
    action: e.data.action,
    fields: [],
    details: e.data.note === undefined ? {} : { note: e.data.note },
  });
};

export const auditSupportChange = (
  s: BatchState,
  e: FactorlensEvent,
  eventId: string,
  position: number,
): void => {
  if (
    e.actor.kind !== "support" ||
    e.type === "SupportLookupPerformed" ||
    e.type === "SupportLookupFailed" ||
    e.type === "SupportActionTaken"
  )
    return;
  s.supportAudit.push({
    event_id: eventId,
    position,
    occurred_at: e.occurredAt,
    kind: "change",
    agent_id: e.actor.agentId,
    ticket_ref: e.actor.ticketRef,
    user_id: e.userId,
    action: e.type,
    fields: [],
    details: e.factorId === undefined ? {} : { factorId: e.factorId },
  });
};
