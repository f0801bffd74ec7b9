-- Files of real dialogues a run reads (seed examples, memorisation reference, evaluation set),
-- stored with it so that a resumed run uses exactly the same text.
CREATE TABLE run_inputs (
    run_id  VARCHAR(36)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    purpose VARCHAR(50)  NOT NULL,
    file    TEXT         NOT NULL,
    sha256  VARCHAR(64)  NOT NULL,
    content TEXT         NOT NULL,
    PRIMARY KEY (run_id, purpose)
);
