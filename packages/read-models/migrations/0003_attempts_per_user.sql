-- Attempt ids are chosen by callers: two users may use the same one. An attempt is keyed by its
-- user and its id, so a reused id never merges (or overwrites) another user's attempt.
ALTER TABLE {{schema}}.attempts DROP CONSTRAINT attempts_pkey;
ALTER TABLE {{schema}}.attempts ADD PRIMARY KEY (user_id, attempt_id);
