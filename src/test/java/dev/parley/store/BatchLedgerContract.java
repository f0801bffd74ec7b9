package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.parley.llm.BatchStore.StoredBatch;
import dev.parley.llm.BatchStore.StoredRequest;
import dev.parley.llm.BatchStore;
import dev.parley.llm.ModelCall;
import dev.parley.llm.ModelRole;
import dev.parley.llm.PriceTable;

/**
 * What the batch ledger ({@link BatchLedger}) must do on every database the store runs on: a batch and its
 * requests found again by a request's hash, its provider ids and status kept, and batch calls priced apart.
 */
abstract class BatchLedgerContract extends StoreContract {

    @Inject
    BatchLedger batches;

    private static StoredBatch uploading(String ref, int total) {
        return new StoredBatch(ref, ModelRole.GENERATOR, "gpt-4o-mini", Optional.empty(), Optional.empty(),
                BatchStore.UPLOADING, total, 0, 0);
    }

    @Test
    void finds_a_request_by_its_hash_in_the_batch_of_its_latest_attempt() {
        String run = newRun(2);
        batches.open(run, uploading("ref-1", 2), List.of(new StoredRequest("0-aaaa-1", "ref-1", 0, "hash-a", 1),
                new StoredRequest("1-bbbb-1", "ref-1", 1, "hash-b", 1)));
        batches.open(run, uploading("ref-2", 1), List.of(new StoredRequest("0-aaaa-2", "ref-2", 0, "hash-a", 2)));

        assertThat(batches.latestRequest(run, "hash-a")).contains(new StoredRequest("0-aaaa-2", "ref-2", 0, "hash-a", 2));
        assertThat(batches.latestRequest(run, "hash-b")).contains(new StoredRequest("1-bbbb-1", "ref-1", 1, "hash-b", 1));
        assertThat(batches.latestRequest(run, "hash-c")).isEmpty();
        assertThat(batches.latestRequest(newRun(1), "hash-a")).as("another run's requests").isEmpty();
        assertThat(batches.requests(run, "ref-1")).extracting(StoredRequest::customId).containsExactly("0-aaaa-1", "1-bbbb-1");
    }

    @Test
    void keeps_the_provider_ids_and_status_of_a_batch() {
        String run = newRun(1);
        batches.open(run, uploading("ref-1", 1), List.of(new StoredRequest("0-aaaa-1", "ref-1", 0, "hash-a", 1)));

        batches.fileUploaded(run, "ref-1", "file-7");
        assertThat(batches.batch(run, "ref-1").orElseThrow())
                .isEqualTo(new StoredBatch("ref-1", ModelRole.GENERATOR, "gpt-4o-mini", Optional.of("file-7"), Optional.empty(),
                        BatchStore.UPLOADED, 1, 0, 0));
        batches.created(run, "ref-1", "batch_9", "validating");
        batches.status(run, "ref-1", "in_progress", 0, 0);
        assertThat(batches.batches(run)).extracting(StoredBatch::batchId, StoredBatch::status, StoredBatch::ended)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Optional.of("batch_9"), "in_progress", false));

        batches.status(run, "ref-1", "expired", 0, 1);
        StoredBatch ended = batches.batch(run, "ref-1").orElseThrow();
        assertThat(ended.status()).isEqualTo("expired");
        assertThat(ended.failed()).isEqualTo(1);
        assertThat(ended.ended()).isTrue();
    }

    @Test
    void prices_tokens_answered_through_a_batch_apart_from_direct_ones() {
        String run = newRun(2);
        ledger.recordCall(run, 0, new ModelCall(ModelRole.GENERATOR, "gpt-4o-mini", "h1", 1000, 200, 5, ModelCall.OK, "", true));
        ledger.recordCall(run, 1, new ModelCall(ModelRole.GENERATOR, "gpt-4o-mini", "h2", 1000, 200, 5, ModelCall.OK, "", true));
        ledger.recordCall(run, 0, new ModelCall(ModelRole.JUDGE, "gpt-4o-mini", "h3", 500, 100, 5, ModelCall.OK, ""));

        Map<String, long[]> tokens = ledger.tokensByModel(run);

        assertThat(tokens).containsOnlyKeys("gpt-4o-mini", "gpt-4o-mini" + PriceTable.BATCH_SUFFIX);
        assertThat(tokens.get("gpt-4o-mini" + PriceTable.BATCH_SUFFIX)).containsExactly(2000, 400);
        assertThat(tokens.get("gpt-4o-mini")).containsExactly(500, 100);
    }

    @Test
    void deleting_a_run_deletes_its_batches() {
        String run = newRun(1);
        batches.open(run, uploading("ref-1", 1), List.of(new StoredRequest("0-aaaa-1", "ref-1", 0, "hash-a", 1)));

        assertThat(runs.deleteRun(run)).isTrue();

        assertThat(batches.batches(run)).isEmpty();
        assertThat(batches.latestRequest(run, "hash-a")).isEmpty();
    }
}
