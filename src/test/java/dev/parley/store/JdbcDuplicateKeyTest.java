package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** A duplicate key is recognised where PostgreSQL reports it for a batch: in the chain of the batch's failure. */
class JdbcDuplicateKeyTest {

    @Test
    void finds_a_duplicate_key_in_a_batch_failure_chain_and_nothing_else() {
        var batch = new BatchUpdateException("Batch entry 0 INSERT INTO item_pii … was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));

        assertThat(Jdbc.isDuplicateKey(batch)).isTrue();
        assertThat(Jdbc.isDuplicateKey(new SQLException("duplicate key", "23505"))).isTrue();
        assertThat(Jdbc.isDuplicateKey(new SQLException("foreign key", "23503"))).isFalse();
        assertThat(Jdbc.isDuplicateKey(new BatchUpdateException("aborted", "40001", 0, new int[0]))).isFalse();
        assertThat(Jdbc.isDuplicateKey(new StoreException(batch))).as("a store write's failure").isTrue();
        assertThat(Jdbc.isDuplicateKey(new StoreException("unreadable", new IllegalStateException("bad JSON"))))
                .as("a failure that is not the database's").isFalse();
    }
}
