package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class ParleyApplicationTest {

    @Test
    void a_start_that_fails_on_the_database_is_one_line_naming_the_store() {
        var failure = new RuntimeException("Failed to start quarkus", new IllegalStateException(
                "Unable to obtain connection from database", new SQLException("Connection to 127.0.0.1:5999 refused.\nCheck it.",
                        new ConnectException("Connection refused"))));

        assertThat(ParleyApplication.startFailure(failure))
                .isEqualTo("the store's database is unreachable (parley.store.url): Connection to 127.0.0.1:5999 refused.");
    }

    @Test
    void another_failed_start_is_its_innermost_message() {
        var failure = new RuntimeException("Failed to start quarkus", new IllegalArgumentException("bad value for parley.llm.timeout"));

        assertThat(ParleyApplication.startFailure(failure)).isEqualTo("bad value for parley.llm.timeout");
    }
}
