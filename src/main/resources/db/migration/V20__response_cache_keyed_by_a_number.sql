-- The response cache is looked up by a number, the first 15 hex digits (60 bits) of the request's SHA-256,
-- instead of the 64-character hash: every answer stored puts a key in a random place of the cache's index,
-- and H2 rewrote, at each commit, every index page such a key landed in, its 48-odd hashes written out
-- character by character. The hash stays, and a lookup compares it too. Two requests whose hashes share
-- their first 60 bits cannot both be cached (among ten million answers, one chance in 23,000 that any two
-- do): the second is asked again when it is needed, which is all a cache miss costs.
--
-- The number is computed from the hash's digits with SQL that H2 and PostgreSQL both run, in BIGINT (a number
-- under 2^60 cannot overflow it); the table is copied because dropping a primary key is written differently on each.
CREATE TABLE response_cache_by_key (
    request_key   BIGINT       NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    model         VARCHAR(200) NOT NULL,
    answer        TEXT         NOT NULL,
    input_tokens  BIGINT       NOT NULL,
    output_tokens BIGINT       NOT NULL,
    created_at    TIMESTAMP    NOT NULL
);
INSERT INTO response_cache_by_key (request_key, request_hash, model, answer, input_tokens, output_tokens, created_at)
SELECT
      CAST(POSITION(SUBSTRING(request_hash FROM 1 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 72057594037927936
    + CAST(POSITION(SUBSTRING(request_hash FROM 2 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 4503599627370496
    + CAST(POSITION(SUBSTRING(request_hash FROM 3 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 281474976710656
    + CAST(POSITION(SUBSTRING(request_hash FROM 4 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 17592186044416
    + CAST(POSITION(SUBSTRING(request_hash FROM 5 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 1099511627776
    + CAST(POSITION(SUBSTRING(request_hash FROM 6 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 68719476736
    + CAST(POSITION(SUBSTRING(request_hash FROM 7 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 4294967296
    + CAST(POSITION(SUBSTRING(request_hash FROM 8 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 268435456
    + CAST(POSITION(SUBSTRING(request_hash FROM 9 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 16777216
    + CAST(POSITION(SUBSTRING(request_hash FROM 10 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 1048576
    + CAST(POSITION(SUBSTRING(request_hash FROM 11 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 65536
    + CAST(POSITION(SUBSTRING(request_hash FROM 12 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 4096
    + CAST(POSITION(SUBSTRING(request_hash FROM 13 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 256
    + CAST(POSITION(SUBSTRING(request_hash FROM 14 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 16
    + CAST(POSITION(SUBSTRING(request_hash FROM 15 FOR 1) IN '0123456789abcdef') - 1 AS BIGINT) * 1,
    request_hash, model, answer, input_tokens, output_tokens, created_at
FROM response_cache;
DROP TABLE response_cache;
ALTER TABLE response_cache_by_key RENAME TO response_cache;
CREATE UNIQUE INDEX response_cache_by_request_key ON response_cache (request_key);
