import type { EventType, FactorlensEvent } from "./catalogue";

/**
 * The trust model of `tfa.inbound.v1`: other systems send *facts* about the world, never decisions.
 * Each type they may send, and the only thing it may change. A passed or failed challenge, a
 * lockout or its lifting, a TOTP step, an HOTP counter, an issued or expired SMS challenge and the
 * guessing budget are decided by the verifier's decider alone (or an audited support action).
 */
export const INBOUND_EFFECTS = {
  SmsDelivered:
    "the delivery state of an SMS challenge the verifier issued (shown to support; never accepts)",
  SmsDeliveryFailed:
    "the delivery state and carrier error of an SMS challenge the verifier issued (diagnosis only)",
} as const satisfies Partial<Record<EventType, string>>;

export type InboundEventType = keyof typeof INBOUND_EFFECTS;
export const INBOUND_EVENT_TYPES = Object.keys(INBOUND_EFFECTS) as InboundEventType[];

export const isInboundEventType = (type: string): type is InboundEventType =>
  Object.hasOwn(INBOUND_EFFECTS, type);

/** The event as ingest appends it: marked as read from the bus, whatever the producer claimed. */
export const markInbound = (event: FactorlensEvent): FactorlensEvent => ({ ...event, origin: "inbound" });

/** An event read from the bus that `evolve` must not let change anything (defence in depth behind ingest's allow-list). */
export const isUntrustedInbound = (event: FactorlensEvent): boolean =>
  event.origin === "inbound" && !isInboundEventType(event.type);
