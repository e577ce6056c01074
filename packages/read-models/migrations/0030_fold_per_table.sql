-- A lockout is in force while the account's guessing budget is spent (no end time, an audited
-- unlock ends it) or while a timed lockout runs (until locked_until): the two facts are stored,
-- "locked now" is asked at read time, as the domain does. A stored flag never expired by itself.
ALTER TABLE {{schema}}.user_status ADD COLUMN guess_budget_exhausted boolean NOT NULL DEFAULT false;
UPDATE {{schema}}.user_status SET guess_budget_exhausted = true WHERE locked AND locked_until IS NULL;
ALTER TABLE {{schema}}.user_status DROP COLUMN locked;
-- The failures that caused the last lockout, as a number (it was only in the reason's wording).
ALTER TABLE {{schema}}.user_status ADD COLUMN lockout_failures int;
UPDATE {{schema}}.user_status SET lockout_failures = substring(lockout_reason from '^(\d+) failures')::int;

-- Mismatch patterns are computed on read (getUserPatterns, any window, always current): the
-- table rebuilt on every batch had no reader.
DROP TABLE {{schema}}.mismatch_patterns;
