-- Answers of successful model calls, keyed by the SHA-256 of the full request, so that an
-- identical request (a re-run, a resume) is answered without calling the model again.
CREATE TABLE response_cache (
    request_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    model         VARCHAR(200) NOT NULL,
    answer        TEXT         NOT NULL,
    input_tokens  BIGINT       NOT NULL,
    output_tokens BIGINT       NOT NULL,
    created_at    TIMESTAMP    NOT NULL
);

ALTER TABLE runs ADD COLUMN use_cache BOOLEAN DEFAULT TRUE NOT NULL;
