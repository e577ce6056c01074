import type { EventOf, FactorlensEvent } from "@factorlens/domain";
import { countSms } from "./apply-challenge";
import { attemptKey, type BatchState } from "./batch-state";
import { factorRow, phonePrefix } from "./context";

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
      const prefix = phonePrefix(e.data.maskedPhone);
      if (a) {
        Object.assign(a, { sms_state: "dispatched", masked_phone: e.data.maskedPhone, phone_prefix: prefix });
        a.phone_country = e.data.country;
        a.method ??= "sms";
      }
      countSms(s, a, at, "sends", e.data.country ?? "", prefix ?? "");
      return;
    }
    case "SmsDelivered":
      if (a) a.sms_state = "delivered";
      countSms(s, a, at, "delivered", a ? undefined : "", a ? undefined : phonePrefix(smsPhone(s, e)));
      return;
    case "SmsDeliveryFailed":
      // The carrier's code says why (30007: filtered as spam); the provider's is often "unknown".
      if (a)
        Object.assign(a, {
          sms_state: "delivery_failed",
          sms_failure_reason: e.data.carrierErrorCode ?? e.data.errorCode,
        });
      countSms(s, a, at, "delivery_failed", a ? undefined : "", a ? undefined : phonePrefix(smsPhone(s, e)));
      return;
    case "SmsCodeExpired":
      if (a) {
        a.sms_state = "expired";
        if (a.outcome === "pending") Object.assign(a, { outcome: "expired", completed_at: at });
      }
      return;
  }
};

const smsPhone = (s: BatchState, e: FactorlensEvent): string | null =>
  factorRow(s, e, e.factorId)?.masked_phone ?? null;

type SupportEventType = "SupportLookupPerformed" | "SupportActionTaken";

/** Support lookups and actions → support_audit; any other event done by an agent is a "change". */
export const applySupportEvent = (
  s: BatchState,
  e: EventOf<SupportEventType>,
  eventId: string,
  position: number,
): void => {
  const common = { event_id: eventId, position, occurred_at: e.occurredAt, agent_id: e.data.agentId };
  if (e.type === "SupportLookupPerformed") {
    s.supportAudit.push({
      ...common,
      kind: "lookup",
      ticket_ref: e.data.ticketRef,
      user_id: e.data.targetUserId,
      action: null,
      fields: [...e.data.fieldsRead],
      details: {},
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
  if (e.actor.kind !== "support" || e.type === "SupportLookupPerformed" || e.type === "SupportActionTaken")
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
