-- Candidates sampled on purpose for preference pairs: at a role-play assistant turn, several replies after
-- the same conversation; in whole-dialogue mode, several dialogues of one plan cell. Each row is one
-- candidate with the seed it was sampled with, the history it saw, what it wrote, the judge's score, the
-- gate that turned it away, whether the item went on with it, and its side of the group's pair, if any.
CREATE TABLE preference_candidates (
    run_id     VARCHAR(36)  NOT NULL,
    seq        INTEGER      NOT NULL,
    turn_index INTEGER      NOT NULL,
    candidate  INTEGER      NOT NULL,
    source     VARCHAR(20)  NOT NULL,
    seed       BIGINT       NOT NULL,
    history    TEXT         NOT NULL,
    turns      TEXT         NOT NULL,
    score      DOUBLE PRECISION,
    gate       VARCHAR(100),
    reason     TEXT,
    continued  BOOLEAN      NOT NULL,
    side       VARCHAR(10),
    PRIMARY KEY (run_id, seq, turn_index, candidate),
    FOREIGN KEY (run_id, seq) REFERENCES items (run_id, seq) ON DELETE CASCADE
);
