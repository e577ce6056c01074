-- Projector bookkeeping: which events are in, where each subscriber stands, what could not be projected.
CREATE TABLE {{schema}}.projected_events (
  event_id uuid PRIMARY KEY
);

CREATE TABLE {{schema}}.checkpoints (
  subscriber_id text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.projection_errors (
  event_id text PRIMARY KEY,
  event_type text NOT NULL,
  position bigint NOT NULL,
  reason text NOT NULL
);

-- Per user: lockout, recovery codes, the locations the user has passed a challenge from.
CREATE TABLE {{schema}}.user_status (
  user_id text PRIMARY KEY,
  locked boolean NOT NULL DEFAULT false,
  locked_at timestamptz,
  locked_until timestamptz,
  lockout_reason text,
  unlocked_at timestamptz,
  recovery_codes_issued int NOT NULL DEFAULT 0,
  recovery_codes_used int NOT NULL DEFAULT 0,
  known_countries text[] NOT NULL DEFAULT '{}',
  known_asns bigint[] NOT NULL DEFAULT '{}',
  last_new_location_at timestamptz,
  last_new_location_country text,
  last_new_location_asn bigint,
  updated_at timestamptz NOT NULL
);

-- Per user and factor: method, lifecycle state and times, last success, learned drift.
CREATE TABLE {{schema}}.factor_status (
  user_id text NOT NULL,
  factor_id text NOT NULL,
  method text NOT NULL,
  state text NOT NULL,
  enrollment_started_at timestamptz,
  confirmed_at timestamptz,
  disabled_at timestamptz,
  reset_at timestamptz,
  secret_rotated_at timestamptz,
  last_success_at timestamptz,
  last_failure_at timestamptz,
  consecutive_failures int NOT NULL DEFAULT 0,
  drift_steps int,
  drift_learned_at timestamptz,
  drift_confirmations int NOT NULL DEFAULT 0,
  hotp_resynced_at timestamptz,
  masked_phone text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, factor_id)
);

-- Every challenge, linked by attempt id: outcome, reason, diagnosis, context, SMS delivery state.
CREATE TABLE {{schema}}.attempts (
  attempt_id text PRIMARY KEY,
  user_id text NOT NULL,
  factor_id text,
  method text,
  started_at timestamptz NOT NULL,
  completed_at timestamptz,
  outcome text NOT NULL,
  reason text,
  pattern text,
  confidence text,
  evidence jsonb,
  coincidence_probability double precision,
  candidates_tried int,
  ip inet,
  ip_prefix cidr,
  country text,
  asn bigint,
  user_agent text,
  device_id text,
  login_attempt_id text,
  challenge_id text,
  sms_state text,
  sms_updated_at timestamptz,
  sms_failure_reason text,
  phone_prefix text,
  phone_country text,
  masked_phone text,
  first_position bigint NOT NULL
);
CREATE INDEX attempts_user_newest ON {{schema}}.attempts (user_id, started_at DESC, attempt_id DESC);
CREATE INDEX attempts_challenge ON {{schema}}.attempts (challenge_id) WHERE challenge_id IS NOT NULL;

-- Mismatch patterns per user and factor over standard sliding windows, as of the pair's last
-- completed or diagnosed attempt (the domain's summarizePatterns; deterministic on rebuild).
CREATE TABLE {{schema}}.mismatch_patterns (
  user_id text NOT NULL,
  factor_id text NOT NULL,
  window_ms bigint NOT NULL,
  as_of timestamptz NOT NULL,
  attempts int NOT NULL,
  failures int NOT NULL,
  dominant_pattern text,
  confidence text NOT NULL,
  pattern_counts jsonb NOT NULL,
  skew_median_seconds double precision,
  skew_spread_seconds double precision,
  summary text NOT NULL,
  suggested_steps jsonb NOT NULL,
  PRIMARY KEY (user_id, factor_id, window_ms)
);

-- Rows here are updated in place many times (outcome, SMS state, last success, counters): leave
-- room on each page so those updates stay HOT (no index writes). No index names a column that
-- such an update changes, for the same reason.
ALTER TABLE {{schema}}.user_status SET (fillfactor = 80);
ALTER TABLE {{schema}}.factor_status SET (fillfactor = 80);
ALTER TABLE {{schema}}.attempts SET (fillfactor = 80);
ALTER TABLE {{schema}}.mismatch_patterns SET (fillfactor = 80);
