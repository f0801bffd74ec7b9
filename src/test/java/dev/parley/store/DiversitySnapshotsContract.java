package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.parley.store.ItemQueue.ItemUpdate;

/**
 * What the diversity snapshots ({@link DiversitySnapshots}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class DiversitySnapshotsContract extends StoreContract {

    @Test
    void keeps_diversity_snapshots_in_order_and_finds_items_accepted_since_a_moment() {
        String run = newRun(3);
        Instant before = Instant.now().minusSeconds(60);
        for (int seq = 0; seq < 2; seq++) {
            generate(run, seq, "{\"turns\":[]}");
            assertThat(queue.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE)).isTrue();
            assertThat(queue.transition(run, seq, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, ItemUpdate.NONE)).isTrue();
        }
        var at = Instant.parse("2026-01-02T03:04:05Z");
        snapshots.addDiversityPoint(run, new DiversityPoint(2, "{\"overall\":{}}", "[]", WORKER, at));
        snapshots.addDiversityPoint(run, new DiversityPoint(5, "{\"overall\":{\"dialogues\":5}}", "[{}]", "w2", at.plusSeconds(1)));

        assertThat(snapshots.diversityPoints(run)).containsExactly(
                new DiversityPoint(2, "{\"overall\":{}}", "[]", WORKER, at),
                new DiversityPoint(5, "{\"overall\":{\"dialogues\":5}}", "[{}]", "w2", at.plusSeconds(1)));
        assertThat(snapshots.diversityPoints(newRun(1))).isEmpty();
        assertThat(items.acceptedSeqsSince(run, before)).containsExactly(0, 1);
        assertThat(items.acceptedSeqsSince(run, Instant.now().plusSeconds(60))).isEmpty();
        assertThat(items.acceptedCount(run)).isEqualTo(2);
        assertThat(items.acceptedCount(newRun(1))).isZero();
    }
}
