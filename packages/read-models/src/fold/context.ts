import type { FactorlensEvent } from "@factorlens/domain";
import type { GeoResolver } from "../geo/geo-resolver";
import { ipPrefix } from "../geo/ip";

/** What a fold needs besides the row and the event: where IPs are, and the event's place in the log. */
export interface FoldContext {
  geo: GeoResolver;
  /** The event's id and log position (a refused disable is keyed by its event id). */
  eventId: string;
  position: number;
}

/** `+44 •••• ••12 34` → `+44` (the calling code: the masked number's only public prefix). */
export const phonePrefix = (maskedPhone: string | null | undefined): string | null =>
  maskedPhone?.match(/^\+\d{1,3}/)?.[0] ?? null;

/** The request context of an event, with the IP's country and ASN filled in from local data. */
export const resolveContext = (event: FactorlensEvent, geo: GeoResolver) => {
  const c = event.context;
  const ip = c?.ip ?? null;
  const located = ip ? geo.lookup(ip) : { country: null, asn: null, asnName: null };
  const asn = c?.asn ?? located.asn;
  return {
    ip,
    ip_prefix: ip ? ipPrefix(ip) : null,
    country: c?.country ?? located.country,
    asn,
    asn_name: asn === null ? null : asn === located.asn ? located.asnName : geo.asnName(asn),
    user_agent: c?.userAgent ?? null,
    device_id: c?.deviceId ?? null,
    login_attempt_id: c?.loginAttemptId ?? null,
  };
};
