/**
 * The verifier's SMS guard and IP throttle as the demo runs them (both are off by default in a
 * deployment). The demo compresses an attack into seconds, so the thresholds are compressed too:
 * the pumping burst to +23276 (24 sign-ups in about 3 s, no code ever entered) trips the guard
 * after 8 sends, once 4 of them are a second old without their code, and the rest of the burst is
 * refused. The demo's healthy destinations (GB, FR, DE, US, IN, where its users live) are
 * allow-listed, as an operator allows its home markets. The stuffing wave's networks are throttled
 * once they failed for 5 distinct users: every victim's first attempt is still a diagnosed failure.
 * An operator's own FACTORLENS_SMS_GUARD_* / FACTORLENS_IP_THROTTLE_* settings win.
 */
export const DEMO_GUARD_ENV: Readonly<Record<string, string>> = {
  FACTORLENS_SMS_GUARD_ENABLED: "true",
  FACTORLENS_SMS_GUARD_BURST_SENDS: "8",
  FACTORLENS_SMS_GUARD_WINDOW_MINUTES: "10",
  FACTORLENS_SMS_GUARD_MIN_CONVERSION: "0.2",
  FACTORLENS_SMS_GUARD_GRACE_SECONDS: "1",
  FACTORLENS_SMS_GUARD_COOLDOWN_MINUTES: "10",
  FACTORLENS_SMS_GUARD_ALLOW: "GB,FR,DE,US,IN",
  FACTORLENS_IP_THROTTLE_ENABLED: "true",
  FACTORLENS_IP_THROTTLE_USERS: "5",
  FACTORLENS_IP_THROTTLE_WINDOW_MINUTES: "10",
  FACTORLENS_IP_THROTTLE_COOLDOWN_MINUTES: "10",
};
