-- Failures per hour bucket by IP, prefix (/24, /48), ASN, country, reason, method. '' / 0 = unknown.
CREATE TABLE {{schema}}.failure_buckets (
  bucket_start timestamptz NOT NULL,
  ip text NOT NULL,
  ip_prefix text NOT NULL,
  asn bigint NOT NULL,
  country text NOT NULL,
  reason text NOT NULL,
  method text NOT NULL,
  failures int NOT NULL,
  PRIMARY KEY (bucket_start, ip, reason, method, ip_prefix, asn, country)
);

-- Failures per IP, user and hour: distinct users failing from one IP over any window.
CREATE TABLE {{schema}}.ip_user_failures (
  ip text NOT NULL,
  bucket_start timestamptz NOT NULL,
  user_id text NOT NULL,
  failures int NOT NULL,
  PRIMARY KEY (ip, bucket_start, user_id)
);
CREATE INDEX ip_user_failures_bucket ON {{schema}}.ip_user_failures (bucket_start);

-- SMS sends vs successful verifications per hour, destination country and number prefix.
CREATE TABLE {{schema}}.sms_conversion (
  bucket_start timestamptz NOT NULL,
  country text NOT NULL,
  number_prefix text NOT NULL,
  sends int NOT NULL DEFAULT 0,
  delivered int NOT NULL DEFAULT 0,
  delivery_failed int NOT NULL DEFAULT 0,
  verified int NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket_start, country, number_prefix)
);

-- A factor disabled soon after a challenge passed from a country or network new to the user.
CREATE TABLE {{schema}}.disabled_after_new_location (
  event_id uuid PRIMARY KEY,
  user_id text NOT NULL,
  factor_id text,
  disabled_at timestamptz NOT NULL,
  login_at timestamptz NOT NULL,
  login_country text,
  login_asn bigint,
  seconds_after_login int NOT NULL,
  actor_kind text NOT NULL
);
CREATE INDEX disabled_after_new_location_at ON {{schema}}.disabled_after_new_location (disabled_at DESC);

-- Support audit: every lookup and action with agent, ticket and fields.
CREATE TABLE {{schema}}.support_audit (
  event_id uuid PRIMARY KEY,
  position bigint NOT NULL,
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  agent_id text NOT NULL,
  ticket_ref text,
  user_id text NOT NULL,
  action text,
  fields text[] NOT NULL DEFAULT '{}',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX support_audit_user ON {{schema}}.support_audit (user_id, occurred_at DESC, position DESC);
CREATE INDEX support_audit_time ON {{schema}}.support_audit (occurred_at DESC, position DESC);
CREATE INDEX support_audit_agent ON {{schema}}.support_audit (agent_id, occurred_at DESC);

ALTER TABLE {{schema}}.failure_buckets SET (fillfactor = 80);
ALTER TABLE {{schema}}.ip_user_failures SET (fillfactor = 80);
ALTER TABLE {{schema}}.sms_conversion SET (fillfactor = 80);
