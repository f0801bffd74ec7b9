package dev.parley.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.dialogue.Cell;

class JudgePanelTest {

    private static final Rubric RUBRIC = Rubric.parse("""
            turn-floor: 3
            criteria:
              - { name: help, weight: 2, floor: 2 }
              - { name: tone, weight: 1 }
            """);
    private static final DialogueBrief BRIEF = new DialogueBrief("sys", "en", new Cell(Map.of("topic", "x")), 4, 1);
    private static final Dialogue DIALOGUE = new Dialogue(List.of(new Turn("user", "q"), new Turn("assistant", "a"),
            new Turn("user", "q2"), new Turn("assistant", "a2")));

    /** A judge that always gives the same scores: help, tone, turn 2, turn 4. */
    private static DialogueJudge fixed(int help, int tone, int turn2, int turn4, double threshold) {
        return (brief, dialogue) -> {
            var scores = List.of(new CriterionScore("help", help, "h" + help), new CriterionScore("tone", tone, "t" + tone));
            double mean = RubricJudge.weightedMean(RUBRIC, scores);
            return new ModelAnswer<>(new Verdict(scores, List.of(new TurnScore(2, turn2, ""), new TurnScore(4, turn4, "")),
                    "", mean, mean >= threshold, List.of(), List.of()), new CallUsage(1, 10, 5, 1));
        };
    }

    private static JudgePanel panel(String combine) {
        Map<String, DialogueJudge> members = new LinkedHashMap<>();
        members.put("judge-a", fixed(5, 4, 5, 4, 3.5));
        members.put("judge-b", fixed(2, 3, 2, 3, 3.5));
        return new JudgePanel(members, RUBRIC, 3.5, combine);
    }

    @Test
    void combines_by_mean() {
        ModelAnswer<Verdict> answer = panel("mean").judge(BRIEF, DIALOGUE);
        Verdict v = answer.value();

        // help (5+2)/2 = 3.5, tone 3.5 → mean (2·3.5 + 3.5)/3 = 3.5 → accepted
        assertThat(v.meanScore()).isCloseTo(3.5, within(1e-12));
        assertThat(v.accepted()).isTrue();
        assertThat(v.scores()).extracting(CriterionScore::score).containsExactly(4, 4);
        // turn 2 (5+2)/2 = 3.5 ≥ 3, turn 4 (4+3)/2 = 3.5 ≥ 3: nothing masked
        assertThat(v.maskedTurns()).isEmpty();
        assertThat(v.panel()).extracting(Verdict.PanelVote::model).containsExactly("judge-a", "judge-b");
        assertThat(v.panelDisagrees()).as("a accepts (14/3), b rejects (7/3)").isTrue();
        assertThat(answer.usage().calls()).isEqualTo(2);
    }

    @Test
    void combines_by_minimum() {
        Verdict v = panel("min").judge(BRIEF, DIALOGUE).value();

        // help 2, tone 3 → mean (4 + 3)/3 = 7/3 → rejected; turn 2 min 2 < 3 → masked
        assertThat(v.meanScore()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(v.accepted()).isFalse();
        assertThat(v.maskedTurns()).containsExactly(2);
        assertThat(v.belowFloor()).isEmpty();
    }

    @Test
    void a_criterion_under_its_floor_rejects_whatever_the_mean() {
        Map<String, DialogueJudge> members = new LinkedHashMap<>();
        members.put("a", fixed(1, 5, 5, 5, 1));
        members.put("b", fixed(2, 5, 5, 5, 1));

        Verdict v = new JudgePanel(members, RUBRIC, 1.0, "mean").judge(BRIEF, DIALOGUE).value();

        assertThat(v.belowFloor()).containsExactly("help");
        assertThat(v.accepted()).isFalse();
        assertThat(v.panelDisagrees()).isFalse();
    }
}
