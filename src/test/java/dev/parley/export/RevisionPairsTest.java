package dev.parley.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.judge.TurnScore;
import dev.parley.judge.Verdict;
import dev.parley.recipe.Recipe;
import dev.parley.store.ItemVersion;

/** Which revisions make pairs, with which prompt, and why the others make none. */
class RevisionPairsTest {

    private static final String SYSTEM = "You are the support assistant.";
    private static final List<String> ORIGINAL = List.of("My invoice is wrong.", "Sorry, I don't know.",
            "It shows two seats.", "Please try again later.", "Thanks.", "Glad to help.");

    private static Dialogue dialogue(List<String> texts) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, texts.get(i)));
        }
        return new Dialogue(turns);
    }

    /** A judged version with the given turn scores for messages 2, 4 and 6, masking those under 3. */
    private static ItemVersion version(int n, List<String> texts, int... turnScores) {
        return version(n, dialogue(texts), turnScores);
    }

    private static ItemVersion version(int n, Dialogue dialogue, int... turnScores) {
        List<TurnScore> turns = new ArrayList<>();
        List<Integer> masked = new ArrayList<>();
        for (int i = 0; i < turnScores.length; i++) {
            turns.add(new TurnScore(2 * i + 2, turnScores[i], "reason"));
            if (turnScores[i] < 3) {
                masked.add(2 * i + 2);
            }
        }
        var verdict = new Verdict(List.of(), turns, "summary", 3.0, masked.isEmpty(), List.of(), masked);
        return new ItemVersion(n, dialogue, verdict, 3.0);
    }

    private static List<String> with(List<String> texts, int position, String text) {
        List<String> changed = new ArrayList<>(texts);
        changed.set(position - 1, text);
        return changed;
    }

    private static PreferencePairs pairs(double margin, ItemVersion... versions) {
        return pairs(Recipe.Revise.TURNS, margin, versions);
    }

    private static PreferencePairs pairs(String mode, double margin, ItemVersion... versions) {
        var source = new RevisionPairs("run", Optional.of(SYSTEM), mode,
                List.of(new RevisionPairs.Revised(3, Map.of("topic", "billing"), List.of(versions))));
        return PreferencePairs.gather(List.of(source), margin);
    }

    @Test
    void a_turns_revision_of_two_weak_turns_pairs_the_first_with_the_history_both_versions_had() {
        List<String> revised = with(with(ORIGINAL, 2, "Let me check the seats on your invoice."), 4,
                "I've removed the extra seat; a corrected invoice is on its way.");

        PreferencePairs result = pairs(1.0, version(1, ORIGINAL, 1, 2, 5), version(2, revised, 5, 4, 5));

        assertThat(result.pairs()).singleElement().satisfies(p -> {
            assertThat(p.turn()).isEqualTo(2);
            assertThat(p.prompt()).containsExactly(ExportRecord.Message.of("system", SYSTEM),
                    ExportRecord.Message.of("user", "My invoice is wrong."));
            assertThat(p.chosen()).containsExactly(ExportRecord.Message.of("assistant", "Let me check the seats on your invoice."));
            assertThat(p.rejected()).containsExactly(ExportRecord.Message.of("assistant", "Sorry, I don't know."));
            assertThat(p.chosenScore()).isEqualTo(5);
            assertThat(p.rejectedScore()).isEqualTo(1);
            assertThat(p.source()).isEqualTo(PreferencePair.Source.TURN_REVISION);
            assertThat(p.id()).isEqualTo("run/3/2/v1-v2");
            assertThat(p.cell()).containsEntry("topic", "billing");
        });
        assertThat(result.unpaired()).containsEntry(RevisionPairs.LATER_TURNS, 1);
    }

    @Test
    void a_revision_whose_first_change_is_a_user_message_makes_no_pair() {
        List<String> revised = with(with(ORIGINAL, 3, "It shows three seats."), 4, "I've removed the extra seats.");

        PreferencePairs result = pairs(1.0, version(1, ORIGINAL, 4, 1, 5), version(2, revised, 4, 5, 5));

        assertThat(result.pairs()).isEmpty();
        assertThat(result.unpaired()).containsEntry(RevisionPairs.USER_FIRST, 1);
    }

    @Test
    void a_whole_revision_is_a_dialogue_revision_compared_at_its_first_differing_turn() {
        List<String> revised = with(with(ORIGINAL, 4, "I've removed the extra seat."), 6, "Anything else?");

        PreferencePairs result = pairs(Recipe.Revise.WHOLE, 1.0, version(1, ORIGINAL, 4, 2, 4),
                version(2, revised, 4, 5, 5));

        assertThat(result.pairs()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(PreferencePair.Source.DIALOGUE_REVISION);
            assertThat(p.turn()).isEqualTo(4);
            assertThat(p.prompt()).hasSize(4);
            assertThat(p.margin()).isEqualTo(3);
        });
    }

    @Test
    void a_pair_whose_history_holds_a_tool_call_is_left_out_and_counted_with_its_reason() {
        var call = new ToolCall("call_1", "order_status", "{\"order\":\"INV-1001\"}");
        List<Turn> turns = new ArrayList<>(List.of(new Turn(Turn.USER, "Where is INV-1001?"), Turn.toolCalling("", List.of(call)),
                Turn.toolResult("call_1", "{\"status\":\"shipped\"}"), new Turn(Turn.ASSISTANT, "Sorry, I don't know."),
                new Turn(Turn.USER, "Thanks."), new Turn(Turn.ASSISTANT, "Glad to help.")));
        List<Turn> revised = new ArrayList<>(turns);
        revised.set(3, new Turn(Turn.ASSISTANT, "It was shipped yesterday and arrives tomorrow."));
        var source = new RevisionPairs("run", Optional.of(SYSTEM), Recipe.Revise.TURNS, List.of(new RevisionPairs.Revised(3,
                Map.of("topic", "delivery"), List.of(version(1, new Dialogue(turns), 5, 2, 5),
                        version(2, new Dialogue(revised), 5, 4, 5)))));

        List<PreferencePair> offered = source.offer().pairs();
        assertThat(offered).singleElement().satisfies(p -> {
            assertThat(p.prompt().get(2).toolCalls()).as("the history keeps the call").containsExactly(call);
            assertThat(p.prompt().get(3).toolCallId()).isEqualTo("call_1");
        });
        PreferencePairs gathered = PreferencePairs.gather(List.of(source), 0.0);
        assertThat(gathered.pairs()).isEmpty();
        assertThat(gathered.unpaired()).containsEntry(PreferencePairs.TOOL_TURNS, 1);
        assertThat(gathered.belowMargin()).isZero();
    }

    @Test
    void the_margin_leaves_out_pairs_that_do_not_reach_it_and_a_worse_rewrite_makes_none() {
        List<String> revised = with(ORIGINAL, 4, "I've removed the extra seat.");

        assertThat(pairs(2.0, version(1, ORIGINAL, 5, 2, 5), version(2, revised, 5, 4, 5)).pairs()).hasSize(1);
        PreferencePairs strict = pairs(2.5, version(1, ORIGINAL, 5, 2, 5), version(2, revised, 5, 4, 5));
        assertThat(strict.pairs()).isEmpty();
        assertThat(strict.belowMargin()).isEqualTo(1);
        PreferencePairs worse = pairs(0.0, version(1, ORIGINAL, 5, 2, 5), version(2, revised, 5, 2, 5));
        assertThat(worse.pairs()).isEmpty();
        assertThat(worse.unpaired()).containsEntry(RevisionPairs.NOT_BETTER, 1);
    }

    @Test
    void a_persons_edit_is_never_a_side_and_each_revision_pairs_with_the_version_it_revised() {
        List<String> second = with(ORIGINAL, 2, "Let me check the seats on your invoice.");
        List<String> third = with(second, 4, "I've removed the extra seat.");
        List<String> edited = with(third, 6, "Glad to help, have a good day.");
        ItemVersion edit = new ItemVersion(4, dialogue(edited), null, null, "ana");

        PreferencePairs result = pairs(1.0, version(1, ORIGINAL, 1, 1, 5), version(2, second, 5, 1, 5),
                version(3, third, 5, 5, 5), edit);

        assertThat(result.pairs()).extracting(PreferencePair::id).containsExactly("run/3/2/v1-v2", "run/3/4/v2-v3");
        assertThat(result.pairs().get(1).prompt()).extracting(ExportRecord.Message::content)
                .containsExactly(SYSTEM, "My invoice is wrong.", "Let me check the seats on your invoice.", "It shows two seats.");
    }
}
