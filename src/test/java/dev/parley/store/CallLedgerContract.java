package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.parley.config.StoreKind;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.llm.ResponseCache.CachedAnswer;

/**
 * What the call ledger and the response cache ({@link CallLedger}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class CallLedgerContract extends StoreContract {

    @Test
    void adds_each_call_to_the_item_it_was_made_for() {
        String run = newRun(2);

        ledger.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        ledger.recordCall(run, 0, call(ModelRole.GENERATOR, 100, 0, "malformed", "not JSON"));
        ledger.recordCall(run, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));

        CallUsage item = ledger.usageOfItem(run, 0);
        assertThat(item.calls()).isEqualTo(3);
        assertThat(item.inputTokens()).isEqualTo(520);
        assertThat(item.outputTokens()).isEqualTo(65);
        assertThat(ledger.usageOfItem(run, 1).calls()).isZero();
        assertThat(ledger.usageOfItem(run, 1).inputTokens()).isZero();
    }

    @Test
    void sums_usage_per_role_without_cache_hits() {
        String run = newRun(2);
        ledger.recordCall(run, 0, call(ModelRole.GENERATOR, 120, 40, ModelCall.OK, null));
        ledger.recordCall(run, 1, call(ModelRole.GENERATOR, 80, 30, ModelCall.OK, null));
        ledger.recordCall(run, 0, call(ModelRole.JUDGE, 300, 25, ModelCall.OK, null));
        ledger.recordCall(run, 1, call(ModelRole.JUDGE, 300, 25, ModelCall.CACHED, null));

        Map<String, CallUsage> usage = ledger.usageByRole(run);

        assertThat(usage).containsOnlyKeys("generator", "judge");
        assertThat(usage.get("generator").calls()).isEqualTo(2);
        assertThat(usage.get("generator").inputTokens()).isEqualTo(200);
        assertThat(usage.get("generator").outputTokens()).isEqualTo(70);
        assertThat(usage.get("judge").calls()).isEqualTo(1);
        assertThat(ledger.cacheHits(run)).isEqualTo(1);
    }

    @Test
    void answers_a_cached_request_with_the_first_answer_stored() {
        String hash = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        assertThat(cache.find(hash)).isEmpty();

        cache.put(hash, "gen-model", new CachedAnswer("{\"first\":true}", 10, 5));
        cache.put(hash, "gen-model", new CachedAnswer("{\"second\":true}", 99, 99));

        assertThat(cache.find(hash)).contains(new CachedAnswer("{\"first\":true}", 10, 5));
    }

    @Test
    void records_an_answered_call_and_caches_its_answer_and_a_second_answer_to_the_same_request_is_only_recorded() {
        String run = newRun(2);
        String prompt = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");

        ledger.recordAnsweredCall(run, 0, answered(ModelRole.GENERATOR, prompt, 120, 40), new CachedAnswer("{\"a\":1}", 120, 40));
        ledger.recordAnsweredCall(run, 1, answered(ModelRole.GENERATOR, prompt, 130, 45), new CachedAnswer("{\"a\":2}", 130, 45));

        assertThat(cache.find(prompt)).as("the first answer stays cached").contains(new CachedAnswer("{\"a\":1}", 120, 40));
        assertThat(ledger.usageOfItem(run, 0).inputTokens()).isEqualTo(120);
        assertThat(ledger.usageOfItem(run, 1).inputTokens()).as("the second call is recorded all the same").isEqualTo(130);
        assertThat(ledger.usageByRole(run).get("generator").calls()).isEqualTo(2);
    }

    private static ModelCall answered(ModelRole role, String promptHash, long in, long out) {
        return new ModelCall(role, "m", promptHash, in, out, 12, ModelCall.OK, "");
    }

    @Test
    void reserves_call_ids_in_blocks_so_that_a_record_does_not_write_the_sequence() throws SQLException {
        // On H2 a sequence whose reserved numbers run out writes its state in a commit of its own.
        String sql = expectedKind() == StoreKind.H2
                ? "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'MODEL_CALLS' AND COLUMN_NAME = 'ID'"
                : "SELECT seqcache FROM pg_sequence "
                        + "WHERE seqrelid = pg_get_serial_sequence(current_schema() || '.model_calls', 'id')::regclass";
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as("the identity of model_calls.id").isTrue();
            assertThat(rs.getLong(1)).isEqualTo(4096);
        }
    }
}
