-- Support search: a user id prefix (LIKE 'abc%' and keyset order under the "C" collation, whatever
-- the database's collation is), and the users an IP or network failed for (ip_user_failures is
-- keyed by IP first already).
CREATE INDEX user_status_id_c ON {{schema}}.user_status ((user_id COLLATE "C"));
CREATE INDEX factor_status_id_c ON {{schema}}.factor_status ((user_id COLLATE "C"));
