package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.parley.store.ItemQueue.ItemUpdate;

/**
 * What the item queue ({@link ItemQueue}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class ItemQueueContract extends StoreContract {

    @Test
    void moves_an_item_only_from_the_state_it_is_in() {
        String run = newRun(2);

        assertThat(queue.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        // A second writer that still believes the item is PLANNED loses.
        assertThat(queue.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isFalse();
        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue("first"))).isTrue();
        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, dialogue("second"))).isFalse();
        assertThat(queue.transition(run, 1, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, ItemUpdate.NONE)).isFalse();

        ItemRecord moved = item(run, 0);
        assertThat(moved.state()).isEqualTo(ItemState.GENERATED);
        assertThat(moved.dialogue()).contains(text("first"));
        assertThat(item(run, 1).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void keeps_fields_a_later_move_does_not_write() {
        String run = newRun(1);
        generate(run, 0, "the dialogue");

        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED,
                new ItemUpdate(null, verdict("scores"), 4.25, null, null))).isTrue();

        ItemRecord accepted = item(run, 0);
        assertThat(accepted.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(accepted.dialogue()).contains(text("the dialogue"));
        assertThat(accepted.verdict()).contains(verdict("scores"));
        assertThat(accepted.score()).contains(4.25);
        assertThat(accepted.gate()).isEmpty();
        assertThat(queue.unfinishedCount(run)).isZero();
    }

    @Test
    void refuses_a_move_the_state_table_forbids() {
        String run = newRun(1);

        assertThatThrownBy(() -> queue.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.ACCEPTED, ItemUpdate.NONE))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThat(item(run, 0).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void moves_through_a_middle_state_in_one_step_checking_both_moves() {
        String run = newRun(3);
        for (int seq = 0; seq < 3; seq++) {
            queue.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        }

        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING,
                dialogue("gated"), null)).isTrue();
        assertThat(queue.transition(run, 1, WORKER, ItemState.GENERATING, ItemState.GENERATED, ItemState.REJECTED,
                new ItemUpdate(text("rejected"), null, null, "structure", "too short"), null)).isTrue();
        // Only from the state the item is in, and only by the lease holder.
        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING,
                dialogue("again"), null)).isFalse();
        assertThat(queue.transition(run, 2, "another-worker", ItemState.GENERATING, ItemState.GENERATED,
                ItemState.JUDGING, dialogue("stolen"), null)).isFalse();
        assertThatThrownBy(() -> queue.transition(run, 2, WORKER, ItemState.GENERATING, ItemState.JUDGING,
                ItemState.ACCEPTED, ItemUpdate.NONE, null)).isInstanceOf(IllegalStateTransitionException.class);

        assertThat(item(run, 0).state()).isEqualTo(ItemState.JUDGING);
        assertThat(item(run, 0).dialogue()).contains(text("gated"));
        assertThat(item(run, 1).state()).isEqualTo(ItemState.REJECTED);
        assertThat(item(run, 1).gate()).contains("structure");
        assertThat(item(run, 1).dialogue()).contains(text("rejected"));
        assertThat(item(run, 2).state()).isEqualTo(ItemState.GENERATING);
        assertThat(item(run, 2).dialogue()).isEmpty();
    }

    @Test
    void moves_along_a_path_in_one_step_with_its_judged_version_checking_every_move() {
        String run = newRun(2);
        for (int seq = 0; seq < 2; seq++) {
            queue.transition(run, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        }
        List<ItemState> judged = List.of(ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING, ItemState.ACCEPTED);

        assertThat(queue.transition(run, 0, WORKER, judged, new ItemUpdate(text("judged"), verdict("good"), 4.5, null, null),
                new ItemQueue.NewVersion(1, text("judged"), verdict("good"), 4.5), null)).isTrue();
        // A path with a move the state table forbids changes nothing, nor does a second move from where the item was.
        assertThatThrownBy(() -> queue.transition(run, 1, WORKER, List.of(ItemState.GENERATING, ItemState.JUDGING,
                ItemState.ACCEPTED), ItemUpdate.NONE, null, null)).isInstanceOf(IllegalStateTransitionException.class);
        assertThat(queue.transition(run, 0, WORKER, judged, ItemUpdate.NONE, null, null)).isFalse();

        ItemRecord accepted = item(run, 0);
        assertThat(accepted.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(accepted.dialogue()).contains(text("judged"));
        assertThat(accepted.verdict()).contains(verdict("good"));
        assertThat(history.versions(run, 0)).extracting(ItemVersion::version, ItemVersion::dialogue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, text("judged")));
        assertThat(item(run, 1).state()).isEqualTo(ItemState.GENERATING);
        assertThat(history.versions(run, 1)).isEmpty();
    }

    @Test
    void a_clean_stop_puts_items_in_flight_back_to_the_state_before() {
        String run = newRun(4);
        String other = newRun(1);
        queue.transition(run, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        generate(run, 1, "judged when the worker stopped");
        queue.transition(run, 1, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        generate(run, 3, "accepted before the stop");
        queue.transition(run, 3, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, 3, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, verdict("judged"), 5.0, null, null));
        queue.transition(other, 0, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);

        assertThat(queue.releaseLeases(run, WORKER)).as("items 0, 1, 2 were still held").isEqualTo(3);

        assertThat(items.items(run, Optional.empty(), 10, 0)).extracting(ItemRecord::state)
                .containsExactly(ItemState.PLANNED, ItemState.GENERATED, ItemState.PLANNED, ItemState.ACCEPTED);
        assertThat(item(run, 1).dialogue()).contains(text("judged when the worker stopped"));
        assertThat(item(other, 0).state()).as("another run's item").isEqualTo(ItemState.GENERATING);
        assertThat(queue.claim(run, "next-worker", 10, System.currentTimeMillis(), 60_000)).extracting(ItemRecord::seq)
                .as("released items are free at once").containsExactly(0, 1, 2);
    }

    @Test
    void does_not_claim_back_an_item_its_worker_is_still_processing_after_its_lease_ran_out() {
        String id = unclaimedRun(3);
        long now = System.currentTimeMillis();
        assertThat(queue.claim(id, "w1", 2, now, 1_000)).extracting(ItemRecord::seq).containsExactly(0, 1);
        assertThat(queue.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 1, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();

        // w1's heartbeat missed its leases; it is still working on item 0, while item 1's thread is gone.
        assertThat(queue.claim(id, "w1", 5, now + 1_001, 1_000, Set.of(0))).extracting(ItemRecord::seq)
                .as("item 0 is left to the thread that has it").containsExactly(1, 2);

        assertThat(item(id, 0).state()).as("not moved back under its thread").isEqualTo(ItemState.GENERATING);
        assertThat(item(id, 1).state()).as("taken up again from the step before").isEqualTo(ItemState.PLANNED);
        assertThat(queue.transition(id, 0, "w1", ItemState.GENERATING, ItemState.GENERATED, ItemUpdate.NONE))
                .as("the thread's next move still holds").isTrue();
    }

    @Test
    void another_worker_still_takes_over_an_item_whose_lease_ran_out_while_it_was_processed() {
        String id = unclaimedRun(1);
        long now = System.currentTimeMillis();
        queue.claim(id, "w1", 1, now, 1_000);
        assertThat(queue.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();

        assertThat(queue.claim(id, "w1", 1, now + 1_001, 1_000, Set.of(0))).isEmpty();
        assertThat(queue.claim(id, "w2", 1, now + 1_001, 1_000, Set.of())).extracting(ItemRecord::seq).containsExactly(0);

        assertThat(queue.transition(id, 0, "w1", ItemState.GENERATING, ItemState.GENERATED, ItemUpdate.NONE))
                .as("w1 lost the item").isFalse();
        assertThat(item(id, 0).state()).isEqualTo(ItemState.PLANNED);
    }

    @Test
    void a_claim_for_planned_items_only_leaves_an_item_left_mid_step_to_a_later_look() {
        String id = unclaimedRun(2);
        long now = System.currentTimeMillis();
        queue.claim(id, "w1", 1, now, 1_000);
        assertThat(queue.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();

        assertThat(queue.claim(id, "w2", 5, now + 1_001, 1_000, Set.of(), false)).as("planned only")
                .extracting(ItemRecord::seq).containsExactly(1);
        assertThat(item(id, 0).state()).isEqualTo(ItemState.GENERATING);
        assertThat(queue.claim(id, "w2", 5, now + 1_001, 1_000, Set.of(), true)).as("then the one left mid-step")
                .extracting(ItemRecord::seq).containsExactly(0);
        assertThat(item(id, 0).state()).as("back a step").isEqualTo(ItemState.PLANNED);
    }

    @Test
    void a_claim_that_starts_items_hands_planned_ones_over_generating_and_takes_over_one_left_mid_generation() {
        String id = unclaimedRun(4);
        long now = System.currentTimeMillis();
        queue.claim(id, "w1", 2, now, 1_000);
        assertThat(queue.transition(id, 0, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 1, "w1", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(id, 1, "w1", ItemState.GENERATING, ItemState.GENERATED, ItemState.JUDGING,
                dialogue("judged when w1 died"), null)).isTrue();

        List<ItemRecord> claimed = queue.claimAndStart(id, "w2", 10, now + 1_001, 1_000, Set.of(), true);

        assertThat(claimed).extracting(ItemRecord::seq).containsExactly(0, 1, 2, 3);
        assertThat(claimed).extracting(ItemRecord::state).as("as the rows now are").containsExactly(ItemState.GENERATING,
                ItemState.GENERATED, ItemState.GENERATING, ItemState.GENERATING);
        assertThat(items.items(id, Optional.empty(), 10, 0)).extracting(ItemRecord::state).containsExactly(
                ItemState.GENERATING, ItemState.GENERATED, ItemState.GENERATING, ItemState.GENERATING);
        assertThat(item(id, 1).dialogue()).contains(text("judged when w1 died"));
        assertThat(queue.transition(id, 0, "w1", ItemState.GENERATING, ItemState.GENERATED, dialogue("late")))
                .as("w1 lost the item it had started").isFalse();
        assertThat(queue.transition(id, 2, "w2", ItemState.GENERATING, ItemState.GENERATED, dialogue("written")))
                .as("w2 holds the items it started").isTrue();
        assertThat(queue.claimAndStart(id, "w3", 10, now + 1_500, 1_000, Set.of(), true)).as("leases live").isEmpty();
    }

    @Test
    void claims_each_item_once_until_its_lease_runs_out() {
        String id = unclaimedRun(3);
        long now = System.currentTimeMillis();

        assertThat(queue.claim(id, "w1", 2, now, 1_000)).extracting(ItemRecord::seq).containsExactly(0, 1);
        assertThat(queue.claim(id, "w2", 5, now, 1_000)).extracting(ItemRecord::seq).containsExactly(2);
        assertThat(queue.claim(id, "w3", 5, now + 500, 1_000)).as("leases still live").isEmpty();
        assertThat(queue.renewLeases(id, "w1", now + 5_000)).isEqualTo(2);

        assertThat(queue.claim(id, "w3", 5, now + 1_001, 1_000)).as("w2's lease ran out; w1 renewed")
                .extracting(ItemRecord::seq).containsExactly(2);
        assertThat(queue.transition(id, 2, "w2", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE))
                .as("w2 lost the item").isFalse();
        assertThat(queue.transition(id, 2, "w3", ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
    }

    @Test
    void counts_items_by_state_and_rejections_by_gate() {
        String run = newRun(6);
        generate(run, 0, "good");
        queue.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, verdict("judged"), 4.5, null, null));
        for (int seq : new int[] { 1, 2 }) {
            generate(run, seq, "malformed");
            queue.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                    new ItemUpdate(null, null, null, "structure", "assistant speaks first"));
        }
        generate(run, 3, "weak");
        queue.transition(run, 3, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, 3, WORKER, ItemState.JUDGING, ItemState.REJECTED, new ItemUpdate(null, verdict("judged"), 2.0, "judge", "below threshold"));
        queue.transition(run, 4, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        queue.transition(run, 4, WORKER, ItemState.GENERATING, ItemState.FAILED, new ItemUpdate(null, null, null, "malformed", "no JSON"));

        Map<ItemState, Integer> counts = queue.countByState(run);

        assertThat(counts).containsOnlyKeys(ItemState.values());
        assertThat(counts).containsEntry(ItemState.PLANNED, 1).containsEntry(ItemState.ACCEPTED, 1)
                .containsEntry(ItemState.REJECTED, 3).containsEntry(ItemState.FAILED, 1)
                .containsEntry(ItemState.GENERATING, 0).containsEntry(ItemState.GENERATED, 0)
                .containsEntry(ItemState.JUDGING, 0);
        assertThat(items.rejectionsByGate(run)).containsExactly(Map.entry("judge", 1), Map.entry("structure", 2));
        assertThat(item(run, 1).reason()).contains("assistant speaks first");
    }

    @Test
    void tops_up_concurrent_rejections_exactly_within_the_budget() throws Exception {
        String run = newRun(8);
        for (int seq = 0; seq < 8; seq++) {
            generate(run, seq, "weak " + seq);
        }
        var topUp = new ItemQueue.TopUp(3, seq -> 1000L + seq);
        var start = new java.util.concurrent.CountDownLatch(1);
        var moved = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int seq = 0; seq < 8; seq++) {
                int s = seq;
                pool.submit(() -> {
                    start.await();
                    if (queue.transition(run, s, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                            new ItemUpdate(null, null, null, "judge", "weak"), null, topUp)) {
                        moved.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
        }
        // A rejection that cannot happen again (the item is final) adds nothing either.
        assertThat(queue.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.REJECTED, ItemUpdate.NONE, null, topUp))
                .isFalse();

        assertThat(moved).hasValue(8);
        assertThat(queue.countByState(run)).containsEntry(ItemState.REJECTED, 8).containsEntry(ItemState.PLANNED, 3);
        List<ItemRecord> topUps = items.items(run, Optional.of(ItemState.PLANNED), 10, 0);
        assertThat(topUps).extracting(ItemRecord::seq).containsExactly(8, 9, 10);
        assertThat(topUps).extracting(ItemRecord::seed).containsExactly(1008L, 1009L, 1010L);
        var replaced = new ArrayList<Integer>();
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT seq, top_up_of, cell_key FROM items WHERE run_id = ? AND seq >= 8 ORDER BY seq")) {
            ps.setString(1, run);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    replaced.add(rs.getInt(2));
                    assertThat(rs.getString(3)).as("the top-up's cell is its rejected item's").isEqualTo("topic=t" + rs.getInt(2));
                }
            }
        }
        assertThat(replaced).hasSize(3).doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < 8);
    }
}
