-- Leases as epoch milliseconds (portable arithmetic on both H2 and PostgreSQL), and the per-run
-- options that are not part of the recipe.
ALTER TABLE items DROP COLUMN lease_until;
ALTER TABLE items ADD COLUMN lease_expires BIGINT;
CREATE INDEX items_by_lease ON items (run_id, lease_owner);

ALTER TABLE runs ADD COLUMN fail_fast BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE runs ADD COLUMN max_tokens BIGINT;
ALTER TABLE runs ADD COLUMN max_cost DOUBLE PRECISION;
