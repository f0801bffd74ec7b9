-- A settled run's report, kept with the fingerprint of what it was computed from (status and times, item
-- counts by state, people's decisions and their undoing): reading a large finished run's report reads this
-- one row instead of every item, until something the fingerprint covers changes.
CREATE TABLE run_reports (
    run_id      VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    fingerprint VARCHAR(1000) NOT NULL,
    report      TEXT         NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);
