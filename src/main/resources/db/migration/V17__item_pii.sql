-- The personal data a report found in a finished item's dialogue, per type, with the hash of the dialogue it
-- was counted in: a report of a large run (in a server just started, or after a person's decision) reads these
-- instead of running the detector over every dialogue again; an edited dialogue no longer matches its hash.
CREATE TABLE item_pii (
    run_id        VARCHAR(36)  NOT NULL,
    seq           INTEGER      NOT NULL,
    dialogue_hash VARCHAR(64)  NOT NULL,
    found         VARCHAR(2000) NOT NULL,
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (run_id, seq) REFERENCES items (run_id, seq) ON DELETE CASCADE
);
