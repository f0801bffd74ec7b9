-- When an execution of the run last reported (epoch milliseconds, like item leases): written when it
-- starts and every third of a lease while it lives, so a run left RUNNING by a process that died can
-- be told from a live one. Runs no execution has reported on since this column exists have none.
ALTER TABLE runs ADD COLUMN heartbeat BIGINT;
