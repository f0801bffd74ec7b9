-- Batch mode: requests sent through a provider's batch API (upload a JSONL file, create a batch, poll,
-- download). A batch and each of its requests are stored before the file is uploaded, and the file and
-- batch ids as soon as the provider gives them, so a resumed run polls the same batch instead of paying
-- for its requests again.
CREATE TABLE provider_batches (
    run_id      VARCHAR(36)  NOT NULL,
    ref         VARCHAR(36)  NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    model       VARCHAR(200) NOT NULL,
    file_id     VARCHAR(200),
    batch_id    VARCHAR(200),
    status      VARCHAR(20)  NOT NULL,
    total       INTEGER      NOT NULL,
    completed   INTEGER      NOT NULL DEFAULT 0,
    failed      INTEGER      NOT NULL DEFAULT 0,
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (run_id, ref)
);
CREATE TABLE batch_requests (
    run_id       VARCHAR(36)  NOT NULL,
    custom_id    VARCHAR(100) NOT NULL,
    ref          VARCHAR(36)  NOT NULL,
    seq          INTEGER      NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    attempt      INTEGER      NOT NULL,
    PRIMARY KEY (run_id, custom_id),
    FOREIGN KEY (run_id, ref) REFERENCES provider_batches (run_id, ref) ON DELETE CASCADE
);
CREATE INDEX batch_requests_by_hash ON batch_requests (run_id, request_hash);
-- Whether a call was answered through a batch: such calls are priced at the batch prices.
ALTER TABLE model_calls ADD COLUMN batch BOOLEAN NOT NULL DEFAULT FALSE;
