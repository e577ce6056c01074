import type { EventOf, FactorlensEvent } from "@factorlens/domain";
import { attemptKey, type BatchState } from "./batch-state";
import { phonePrefix } from "./context";

type SmsEventType = "SmsDispatched" | "SmsDelivered" | "SmsDeliveryFailed" | "SmsCodeExpired";

/** SMS delivery → the attempt's delivery state (found by challenge id) and the conversion counters. */
export const applySmsEvent = (s: BatchState, e: EventOf<SmsEventType>): void => {
  const at = e.occurredAt;
  const a = s.attemptForChallenge(e.data.challengeId);
  if (a) {
    a.sms_updated_at = at;
    s.dirtyAttempts.add(attemptKey(a));
  }
  switch (e.type) {
    case "SmsDispatched": {
      if (a) {
        Object.assign(a, {
          sms_state: "dispatched",
          masked_phone: e.data.maskedPhone,
          // the verifier's libphonenumber prefix (+23276) when recorded, else the calling code
          phone_prefix: e.data.numberPrefix ?? phonePrefix(e.data.maskedPhone),
          phone_type: e.data.numberType ?? null,
          phone_country: e.data.country,
        });
        a.method ??= "sms";
      }
      return;
    }
    case "SmsDelivered":
      if (a) Object.assign(a, { sms_state: "delivered", sms_delivered_at: a.sms_delivered_at ?? at });
      return;
    case "SmsDeliveryFailed":
      // The carrier's code says why (30007: filtered as spam); the provider's is often "unknown".
      if (a)
        Object.assign(a, {
          sms_state: "delivery_failed",
          sms_failure_reason: e.data.carrierErrorCode ?? e.data.errorCode,
        });
      return;
    case "SmsCodeExpired":
      if (a) {
        a.sms_state = "expired";
        if (a.outcome === "pending") Object.assign(a, { outcome: "expired", completed_at: at });
      }
      return;
  }
};

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
