package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.store.ItemQueue.ItemUpdate;

/**
 * What the item reads ({@link ItemRepository}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class ItemRepositoryContract extends StoreContract {

    @Test
    void searches_what_was_said_and_the_tool_calls_not_the_stored_keys_and_roles() {
        String run = newRun(3);
        generate(run, 0, "Which \"role\" does a user have?");
        generate(run, 1, "Nothing to see here.");
        var call = new ToolCall("call_7", "order_status", "{\"order\":\"INV-9\"}");
        Dialogue withTools = new Dialogue(List.of(new Turn(Turn.USER, "Where is my parcel?"), Turn.toolCalling("", List.of(call)),
                Turn.toolResult("call_7", "{\"status\":\"shipped\"}"), new Turn(Turn.ASSISTANT, "It is on its way.")));
        queue.transition(run, 2, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        queue.transition(run, 2, WORKER, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate(withTools, null, null, null, null));

        assertThat(seqs(run, search("role"))).containsExactly(0);
        assertThat(seqs(run, search("\"ROLE\""))).containsExactly(0);
        assertThat(seqs(run, search("user"))).containsExactly(0);
        assertThat(seqs(run, search("shipped"))).containsExactly(2);
        assertThat(seqs(run, search("inv-9"))).containsExactly(2);
        for (String key : List.of("content", "assistant", "turns", "toolCalls", "toolCallId", "arguments", "name")) {
            assertThat(seqs(run, search(key))).as("searching %s", key).isEmpty();
        }
    }

    private static ItemFilter search(String text) {
        return new ItemFilter(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(text), Optional.empty());
    }

    @Test
    void filters_items_by_state_cell_score_and_gate_in_the_database() {
        String run = newRun(List.of("topic=a_b|mood=calm", "topic=axb|mood=calm", "topic=a_b|mood=angry",
                "topic=100%|mood=calm"), Instant.now());
        generate(run, 0, "good");
        queue.transition(run, 0, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, 0, WORKER, ItemState.JUDGING, ItemState.ACCEPTED, new ItemUpdate(null, verdict("judged"), 4.5, null, null));
        generate(run, 1, "malformed");
        queue.transition(run, 1, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                new ItemUpdate(null, null, null, "structure", "assistant speaks first"));
        generate(run, 2, "weak");
        queue.transition(run, 2, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE);
        queue.transition(run, 2, WORKER, ItemState.JUDGING, ItemState.REJECTED, new ItemUpdate(null, verdict("judged"), 2.0, "judge", "low"));

        // "_" and "%" are LIKE wildcards: they must match only themselves.
        assertThat(seqs(run, filter(Map.of("topic", "a_b")))).containsExactly(0, 2);
        assertThat(seqs(run, filter(Map.of("topic", "a_b", "mood", "angry")))).containsExactly(2);
        assertThat(seqs(run, filter(Map.of("topic", "100%")))).containsExactly(3);
        assertThat(seqs(run, filter(Map.of("topic", "100")))).isEmpty();
        assertThat(seqs(run, filter(Map.of("mood", "calm")))).containsExactly(0, 1, 3);
        assertThat(seqs(run, new ItemFilter(Optional.empty(), Map.of(), Optional.of(3.0), Optional.empty(), Optional.empty())))
                .containsExactly(0);
        assertThat(seqs(run, new ItemFilter(Optional.empty(), Map.of(), Optional.empty(), Optional.of(4.5), Optional.empty())))
                .containsExactly(0, 2);
        ItemFilter judged = new ItemFilter(Optional.of(ItemState.REJECTED), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of("judge"));
        assertThat(seqs(run, judged)).containsExactly(2);
        assertThat(items.countItems(run, judged)).isEqualTo(1);
        assertThat(items.items(run, ItemFilter.ALL, 2, 1)).extracting(ItemRecord::seq).containsExactly(1, 2);
        assertThat(items.countItems(run, ItemFilter.ALL)).isEqualTo(4);
    }

    @Test
    void lists_the_judged_items_that_a_recheck_may_sample() {
        String run = newRun(5);
        judged(run, 0, ItemState.ACCEPTED, new ItemUpdate(null, verdict("good"), 4.5, null, null));
        generate(run, 1, "turned away by a gate, never judged");
        queue.transition(run, 1, WORKER, ItemState.GENERATED, ItemState.REJECTED,
                new ItemUpdate(null, null, null, "structure", "assistant speaks first"));
        judged(run, 2, ItemState.REJECTED, new ItemUpdate(null, verdict("weak"), 2.0, "judge", "low"));
        judged(run, 3, ItemState.REVISING, new ItemUpdate(null, verdict("so-so"), 3.0, null, null));
        String other = newRun(1);
        judged(other, 0, ItemState.ACCEPTED, new ItemUpdate(null, verdict("good"), 4.5, null, null));

        assertThat(items.judgedSeqs(run)).containsExactly(0, 2);
    }

    /** Generates an item, sends it to the judge and moves it on with the verdict's fields. */
    private void judged(String run, int seq, ItemState to, ItemUpdate fields) {
        generate(run, seq, "dialogue " + seq);
        assertThat(queue.transition(run, seq, WORKER, ItemState.GENERATED, ItemState.JUDGING, ItemUpdate.NONE)).isTrue();
        assertThat(queue.transition(run, seq, WORKER, ItemState.JUDGING, to, fields)).isTrue();
    }

    @Test
    void walks_every_item_of_a_large_run_in_plan_order_page_by_page_optionally_in_one_state() {
        int size = 1_203;
        String id = unclaimedRun(size);
        // Items 500 and 1001 (one on each later page) move on.
        queue.claim(id, WORKER, size, System.currentTimeMillis(), 600_000);
        for (int seq : List.of(500, 1001)) {
            assertThat(queue.transition(id, seq, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE)).isTrue();
        }

        var all = new java.util.ArrayList<Integer>();
        items.forEachItem(id, Optional.empty(), item -> all.add(item.seq()));
        var generating = new java.util.ArrayList<Integer>();
        items.forEachItem(id, Optional.of(ItemState.GENERATING), item -> generating.add(item.seq()));

        assertThat(all).hasSize(size).isSorted().doesNotHaveDuplicates().startsWith(0).endsWith(size - 1);
        assertThat(generating).containsExactly(500, 1001);
        assertThat(items.distinctCells(id)).isEqualTo(size);
    }
}
