package dev.parley.store;

import static dev.parley.store.ItemState.ACCEPTED;
import static dev.parley.store.ItemState.FAILED;
import static dev.parley.store.ItemState.GENERATED;
import static dev.parley.store.ItemState.GENERATING;
import static dev.parley.store.ItemState.JUDGING;
import static dev.parley.store.ItemState.PLANNED;
import static dev.parley.store.ItemState.REJECTED;
import static dev.parley.store.ItemState.REVISING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.parley.store.IllegalStateTransitionException;
import dev.parley.store.ItemState;

class ItemStateTest {

    /** The transition table, restated from the diagram in {@link ItemState}. */
    private static final Map<ItemState, Set<ItemState>> EXPECTED = Map.of(
            PLANNED, EnumSet.of(GENERATING),
            GENERATING, EnumSet.of(GENERATED, FAILED, PLANNED),
            GENERATED, EnumSet.of(JUDGING, REJECTED),
            JUDGING, EnumSet.of(ACCEPTED, REJECTED, FAILED, GENERATED, REVISING),
            REVISING, EnumSet.of(JUDGING, REJECTED, FAILED),
            ACCEPTED, EnumSet.noneOf(ItemState.class),
            REJECTED, EnumSet.noneOf(ItemState.class),
            FAILED, EnumSet.noneOf(ItemState.class));

    @Test
    void allows_exactly_the_transitions_of_the_table() {
        for (ItemState from : ItemState.values()) {
            for (ItemState to : ItemState.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PLANNED, GENERATING",
            "GENERATING, GENERATED", "GENERATING, FAILED", "GENERATING, PLANNED",
            "GENERATED, JUDGING", "GENERATED, REJECTED",
            "JUDGING, ACCEPTED", "JUDGING, REJECTED", "JUDGING, FAILED", "JUDGING, GENERATED"})
    void allows_moves_along_the_flow(ItemState from, ItemState to) {
        assertThatCode(() -> from.checkMoveTo(to)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PLANNED, GENERATED, planned, generated",
            "PLANNED, ACCEPTED, planned, accepted",
            "GENERATED, ACCEPTED, generated, accepted",
            "GENERATING, JUDGING, generating, judging",
            "ACCEPTED, PLANNED, accepted, planned",
            "REJECTED, JUDGING, rejected, judging",
            "FAILED, GENERATING, failed, generating",
            "JUDGING, JUDGING, judging, judging"})
    void refuses_illegal_move_naming_both_states(ItemState from, ItemState to, String fromKey, String toKey) {
        var e = catchThrowableOfType(IllegalStateTransitionException.class, () -> from.checkMoveTo(to));

        assertThat(e).hasMessage("an item cannot move from " + fromKey + " to " + toKey);
        assertThat(e.from()).isEqualTo(from);
        assertThat(e.to()).isEqualTo(to);
        assertThat(e).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ends_in_accepted_rejected_or_failed() {
        assertThat(EnumSet.allOf(ItemState.class)).filteredOn(ItemState::isTerminal)
                .containsExactlyInAnyOrder(ACCEPTED, REJECTED, FAILED);
    }

    @Test
    void names_states_in_lower_case() {
        assertThat(JUDGING.key()).isEqualTo("judging");
        assertThat(PLANNED.key()).isEqualTo("planned");
    }

    @Test
    void parses_state_names_in_any_case() {
        assertThat(ItemState.parse("accepted")).isEqualTo(ACCEPTED);
        assertThat(ItemState.parse("GENERATING")).isEqualTo(GENERATING);
        assertThat(ItemState.parse(" Judging ")).isEqualTo(JUDGING);
        for (ItemState state : ItemState.values()) {
            assertThat(ItemState.parse(state.key())).isEqualTo(state);
        }
    }

    @Test
    void refuses_to_parse_an_unknown_state() {
        assertThatThrownBy(() -> ItemState.parse("done")).isInstanceOf(IllegalArgumentException.class);
    }
}
