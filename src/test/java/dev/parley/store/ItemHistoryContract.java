package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.store.ItemQueue.ItemUpdate;

/**
 * What item versions, reviews and decisions ({@link ItemHistory}) must do on every database the store runs on; a subclass per database
 * runs these tests.
 */
abstract class ItemHistoryContract extends StoreContract {

    @Test
    void keeps_every_judged_version() {
        String run = newRun(1);

        history.addVersion(run, 0, 1, text("first"), verdict("judged"), 2.5);
        history.addVersion(run, 0, 2, text("second"), null, null);

        assertThat(history.versionCount(run, 0)).isEqualTo(2);
    }

    @Test
    void lists_the_versions_and_reviews_of_one_item() {
        String run = newRun(2);
        history.addVersion(run, 0, 1, text("first"), verdict("v1"), 2.5);
        history.addVersion(run, 0, 2, text("second"), null, null);
        history.addReview(run, new Review(0, Review.HUMAN, "ayu", Optional.of(4.0), Optional.of(true), Optional.empty()));
        history.addReview(run, new Review(1, Review.HUMAN, "budi", Optional.empty(), Optional.of(false), Optional.empty()));

        assertThat(history.versions(run, 0)).containsExactly(new ItemVersion(1, text("first"), verdict("v1"), 2.5),
                new ItemVersion(2, text("second"), null, null));
        assertThat(history.reviews(run, 0)).containsExactly(new Review(0, Review.HUMAN, "ayu", Optional.of(4.0),
                Optional.of(true), Optional.empty()));
        assertThat(history.versions(run, 1)).isEmpty();
    }

    @Test
    void a_persons_decisions_move_finished_items_and_an_undo_puts_them_back() {
        String run = newRun(2);
        finishItem(run, 0, ItemState.ACCEPTED, "kept");
        finishItem(run, 1, ItemState.REJECTED, "weak");
        ItemRecord accepted = items.item(run, 0).orElseThrow();
        ItemRecord rejected = items.item(run, 1).orElseThrow();

        Decision reject = history.decide(run, new Decision.New(0, Decision.Action.REJECT, "ayu", priorOf(accepted), text("kept"),
                Optional.of("human"), Optional.of("rejected by ayu"), Optional.of(2.0))).orElseThrow();
        Decision accept = history.decide(run, new Decision.New(1, Decision.Action.ACCEPT, "api-key", priorOf(rejected), text("weak"),
                Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow();

        assertThat(items.item(run, 0).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.REJECTED);
            assertThat(i.gate()).contains("human");
            assertThat(i.reason()).contains("rejected by ayu");
        });
        assertThat(items.item(run, 1).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(i.gate()).isEmpty();
            assertThat(i.reason()).isEmpty();
        });
        assertThat(history.decisions(run, 0)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(reject.id());
            assertThat(d.action()).isEqualTo(Decision.Action.REJECT);
            assertThat(d.by()).isEqualTo("ayu");
            assertThat(d.prior().state()).isEqualTo(ItemState.ACCEPTED);
            assertThat(d.undone()).isFalse();
        });
        assertThat(history.reviews(run, Review.HUMAN)).extracting(Review::seq, Review::accept, Review::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Optional.of(false), Optional.of(2.0)),
                        org.assertj.core.groups.Tuple.tuple(1, Optional.of(true), Optional.empty()));
        assertThat(history.decisionCounts(run)).containsEntry("accept", 1).containsEntry("reject", 1).containsEntry("undone", 0);

        Decision undone = history.undo(run, 1, accept.id(), "ayu").orElseThrow();

        assertThat(undone.undoneBy()).contains("ayu");
        assertThat(items.item(run, 1).orElseThrow()).satisfies(i -> {
            assertThat(i.state()).isEqualTo(ItemState.REJECTED);
            assertThat(i.gate()).contains("judge");
            assertThat(i.reason()).contains("too weak");
        });
        assertThat(history.decisions(run, 1)).singleElement().satisfies(d -> assertThat(d.undone()).isTrue());
        assertThat(history.reviews(run, Review.HUMAN)).extracting(Review::seq).containsExactly(0);
        assertThat(history.decisionCounts(run)).containsEntry("accept", 0).containsEntry("reject", 1).containsEntry("undone", 1);
        assertThat(history.undo(run, 1, accept.id(), "ayu")).as("an undone decision is undone once").isEmpty();
    }

    @Test
    void an_edit_is_a_version_by_its_author_and_only_the_latest_decision_can_be_undone() {
        String run = newRun(1);
        finishItem(run, 0, ItemState.ACCEPTED, "first text");
        Decision edit = history.decide(run, new Decision.New(0, Decision.Action.EDIT, "ayu", priorOf(items.item(run, 0)
                .orElseThrow()), text("edited text"), Optional.empty(), Optional.empty(), Optional.empty())).orElseThrow();
        Decision reject = history.decide(run, new Decision.New(0, Decision.Action.REJECT, "budi", priorOf(items.item(run, 0)
                .orElseThrow()), text("edited text"), Optional.of("human"), Optional.of("rejected by budi"), Optional.empty()))
                .orElseThrow();

        assertThat(history.versions(run, 0)).extracting(ItemVersion::version, ItemVersion::dialogue, ItemVersion::author)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, text("first text"), null),
                        org.assertj.core.groups.Tuple.tuple(2, text("edited text"), "ayu"));
        assertThat(history.versionScores(run)).as("an edit is no judged version").containsExactly(Map.entry(0, List.of(4.0)));
        assertThat(history.reviews(run, Review.HUMAN)).as("an edit is no verdict").extracting(Review::reviewer)
                .containsExactly("budi");
        assertThat(history.undo(run, 0, edit.id(), "ayu")).as("a later decision holds").isEmpty();
        assertThat(items.item(run, 0).orElseThrow().state()).isEqualTo(ItemState.REJECTED);

        history.undo(run, 0, reject.id(), "ayu").orElseThrow();
        history.undo(run, 0, edit.id(), "ayu").orElseThrow();

        ItemRecord back = items.item(run, 0).orElseThrow();
        assertThat(back.state()).isEqualTo(ItemState.ACCEPTED);
        assertThat(back.dialogue()).contains(text("first text"));
        assertThat(back.gate()).isEmpty();
    }

    @Test
    void a_decision_on_an_item_that_changed_or_is_held_writes_nothing() {
        String run = newRun(2);
        finishItem(run, 0, ItemState.ACCEPTED, "kept");
        ItemRecord seen = items.item(run, 0).orElseThrow();
        history.decide(run, new Decision.New(0, Decision.Action.REJECT, "ayu", priorOf(seen), text("kept"), Optional.of("human"),
                Optional.of("rejected by ayu"), Optional.empty())).orElseThrow();
        queue.transition(run, 1, WORKER, ItemState.PLANNED, ItemState.GENERATING, ItemUpdate.NONE);
        queue.transition(run, 1, WORKER, ItemState.GENERATING, ItemState.GENERATED, new ItemUpdate(text("mid-way"), null, null,
                null, null));

        assertThat(history.decide(run, new Decision.New(0, Decision.Action.REJECT, "budi", priorOf(seen), text("kept"),
                Optional.of("human"), Optional.of("rejected by budi"), Optional.empty()))).as("seen before ayu's").isEmpty();
        assertThat(history.decide(run, new Decision.New(1, Decision.Action.EDIT, "budi", new Decision.Prior(ItemState.GENERATED,
                Optional.empty(), Optional.empty(), text("mid-way")), text("edited"), Optional.empty(), Optional.empty(), Optional.empty())))
                .as("held by a worker").isEmpty();
        assertThat(history.decisions(run, 0)).extracting(Decision::by).containsExactly("ayu");
        assertThat(history.decisions(run, 1)).isEmpty();
        assertThat(items.item(run, 1).orElseThrow().dialogue()).contains(text("mid-way"));
    }
}
