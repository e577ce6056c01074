-- SMS sends the verifier's SMS guard refused (SmsSendRefused), one row per refusal: the fraud SMS
-- list counts them per prefix, and an analyst sees when a prefix was refused and why.
CREATE TABLE {{schema}}.sms_send_refusals (
  event_id       uuid PRIMARY KEY,
  position       bigint NOT NULL,
  occurred_at    timestamptz NOT NULL,
  user_id        text NOT NULL,
  factor_id      text NOT NULL,
  attempt_id     text NOT NULL,
  number_prefix  text NOT NULL,
  country        text,
  reason         text NOT NULL,
  sends          integer NOT NULL,
  passed         integer NOT NULL,
  pending        integer NOT NULL,
  refused_until  timestamptz NOT NULL
);
CREATE INDEX sms_send_refusals_time ON {{schema}}.sms_send_refusals (occurred_at, number_prefix);
