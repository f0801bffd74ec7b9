-- Free-text tags people put on dialogues in the dialogue browser: shown, filterable, and carried in provenance.
CREATE TABLE item_tags (
    run_id     VARCHAR(36)  NOT NULL,
    seq        INTEGER      NOT NULL,
    tag        VARCHAR(100) NOT NULL,
    added_by   VARCHAR(200) NOT NULL,
    added_at   TIMESTAMP    NOT NULL,
    PRIMARY KEY (run_id, seq, tag),
    FOREIGN KEY (run_id, seq) REFERENCES items (run_id, seq) ON DELETE CASCADE
);
CREATE INDEX item_tags_by_tag ON item_tags (run_id, tag);
