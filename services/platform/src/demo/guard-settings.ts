/**
 * The verifier's SMS guard and IP throttle as the demo runs them (both are off by default in a
 * deployment), passed as the verifier's defaults: an operator's own FACTORLENS_SMS_GUARD_* /
 * FACTORLENS_IP_THROTTLE_* settings win. The demo compresses an attack into seconds, so the
 * thresholds are compressed too: the pumping burst to +23276 (24 sign-ups in about 3 s, no code
 * ever entered) trips the guard after 16 sends, once 8 of them are a second old without their code,
 * and the rest of the burst is refused. The demo's healthy destinations (GB, FR, DE, US, IN, where
 * its users live) are allow-listed, as an operator allows its home markets. The stuffing wave's
 * networks are throttled once they failed for 5 distinct users: every victim's first attempt is
 * still a diagnosed failure.
 */
import type { IpThrottleConfig, SmsGuardConfig } from "@factorlens/verifier";

export const DEMO_SMS_GUARD: SmsGuardConfig = {
  burstSends: 16,
  windowMinutes: 10,
  minConversion: 0.2,
  graceSeconds: 1,
  coolDownMinutes: 10,
  allow: ["GB", "FR", "DE", "US", "IN"],
};

export const DEMO_IP_THROTTLE: IpThrottleConfig = {
  users: 5,
  windowMinutes: 10,
  coolDownMinutes: 10,
  ipv4PrefixBits: 24,
  ipv6PrefixBits: 64,
};
