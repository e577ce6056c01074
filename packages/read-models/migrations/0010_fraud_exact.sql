-- Fraud lists read the attempts themselves (exact to the microsecond, distinct users, patterns):
-- a failed attempt is found by when it completed, an SMS challenge by when it was sent.
-- sms_verified_at: when a code of this challenge passed (conversion is counted per challenge).
-- phone_type: libphonenumber's number type of the destination (mobile, voip, premium_rate…).
ALTER TABLE {{schema}}.attempts ADD COLUMN sms_verified_at timestamptz;
-- sms_delivered_at: the carrier's delivery receipt (kept when the code later expires).
ALTER TABLE {{schema}}.attempts ADD COLUMN sms_delivered_at timestamptz;
ALTER TABLE {{schema}}.attempts ADD COLUMN phone_type text;
-- asn_name: the network's name (AS60729 → "ZWIEBELFREUNDE"), from the IP database at projection time.
ALTER TABLE {{schema}}.attempts ADD COLUMN asn_name text;
CREATE INDEX attempts_failed_at ON {{schema}}.attempts (completed_at) WHERE outcome = 'failed';
CREATE INDEX attempts_sms_sent_at ON {{schema}}.attempts (started_at)
  WHERE challenge_id IS NOT NULL AND sms_state IS NOT NULL;

-- The fraud lists' hourly counters are replaced by the attempts above (they rounded ranges to the
-- hour, and credited SMS conversions to the verify attempt, which has no phone prefix).
-- ip_user_failures stays: the user search by IP reads it.
DROP TABLE {{schema}}.failure_buckets;
DROP TABLE {{schema}}.sms_conversion;
