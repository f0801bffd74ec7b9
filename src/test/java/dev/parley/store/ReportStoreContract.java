package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

/**
 * What the kept reports ({@link RunReports}) and the kept personal-data counts ({@link ItemPii}) must do on every
 * database the store runs on; a subclass per database runs these tests.
 */
abstract class ReportStoreContract extends StoreContract {

    @Inject
    RunReports reports;
    @Inject
    ItemPii pii;

    @Test
    void a_report_is_kept_for_a_settled_run_until_its_fingerprint_changes() {
        String run = newRun(2);
        assertThat(reports.fingerprint(run)).as("a running run has none").isEmpty();

        runs.finishRun(run, RunStatus.COMPLETED, Optional.empty());
        String settled = reports.fingerprint(run).orElseThrow();
        assertThat(settled).startsWith("COMPLETED|").containsPattern("planned@\\d{4}-\\d\\d-\\d\\d ").contains("accepted@-");
        assertThat(reports.fingerprint(run)).hasValue(settled);
        reports.keep(run, settled, "{\"first\":1}");
        reports.keep(run, settled, "{\"second\":2}");
        assertThat(reports.report(run, settled)).hasValue("{\"second\":2}");
        assertThat(reports.report(run, "another")).isEmpty();

        history.addReview(run, new Review(0, Review.HUMAN, "ana", Optional.of(2.0), Optional.of(false), Optional.empty()));
        assertThat(reports.fingerprint(run)).as("a person's review changes it").isNotEqualTo(Optional.of(settled));
        assertThat(reports.fingerprint(newRun(1))).isEmpty();
        assertThat(reports.fingerprint("no-such-run")).isEmpty();

        assertThat(runs.deleteRun(run)).isTrue();
        assertThat(reports.report(run, settled)).isEmpty();
    }

    @Test
    void an_item_that_moves_or_is_put_back_a_step_changes_the_fingerprint() {
        String run = newRun(2);
        runs.finishRun(run, RunStatus.STOPPED, Optional.of("stopped by a person"));
        String settled = reports.fingerprint(run).orElseThrow();

        assertThat(queue.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemQueue.ItemUpdate.NONE))
                .isTrue();
        String moved = reports.fingerprint(run).orElseThrow();
        assertThat(moved).isNotEqualTo(settled).doesNotContain("generating@-");

        assertThat(queue.releaseLeases(run, WORKER)).isEqualTo(2);
        String putBack = reports.fingerprint(run).orElseThrow();
        assertThat(putBack).as("the item went back to planned").isNotEqualTo(moved).isNotEqualTo(settled)
                .contains("generating@-");
        assertThat(item(run, 0).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void keeps_personal_data_counts_per_item_and_replaces_them() {
        String run = newRun(3);
        pii.keep(run, List.of(new ItemPii.Counted(0, "h0", "email=1"), new ItemPii.Counted(2, "h2", "")));
        pii.keep(run, List.of(new ItemPii.Counted(0, "h0b", "email=2,phone=1")));
        pii.keep(run, List.of());

        assertThat(pii.of(run)).isEqualTo(Map.of(0, new ItemPii.Counted(0, "h0b", "email=2,phone=1"),
                2, new ItemPii.Counted(2, "h2", "")));
        assertThat(pii.of(newRun(1))).isEmpty();

        assertThat(runs.deleteRun(run)).isTrue();
        assertThat(pii.of(run)).isEmpty();
    }
}
