package dev.parley.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.parley.llm.PromptTemplates;

class RubricTest {

    private static Rubric defaultRubric() {
        return Rubric.parse(PromptTemplates.packaged("rubrics/default.yaml").orElseThrow());
    }

    @Test
    void parses_the_default_rubric() {
        Rubric rubric = defaultRubric();

        assertThat(rubric.name()).isEqualTo("default");
        assertThat(rubric.criteria()).extracting(Rubric.Criterion::name)
                .containsExactly("helpfulness", "correctness", "consistency", "naturalness", "safety", "fairness");
        assertThat(rubric.criteria()).extracting(Rubric.Criterion::weight).containsExactly(2.0, 2.0, 1.0, 1.0, 1.0, 1.0);
        assertThat(rubric.criteria()).extracting(Rubric.Criterion::floor).containsExactly(2, 2, 1, 1, 3, 3);
        assertThat(rubric.turnFloor()).isEqualTo(3);
        assertThat(rubric.criteria().get(0).levels()).containsOnlyKeys(1, 3, 5);
        assertThat(rubric.criteria().get(5).description()).contains("stereotypes");
        assertThat(rubric.criteria().get(0).description())
                .isEqualTo("The assistant resolves the user's need, or moves it forward with concrete next steps.");
    }

    @Test
    void lists_the_criteria_one_per_line_for_the_prompt_each_followed_by_its_levels() {
        String lines = defaultRubric().promptLines();

        // 6 criteria, each with 3 described levels
        assertThat(lines.lines()).hasSize(6 * 4);
        assertThat(lines.lines().filter(l -> l.startsWith("- "))).hasSize(6);
        assertThat(lines).startsWith("- helpfulness: The assistant resolves the user's need")
                .contains("\n    1: Ignores or refuses the need")
                .contains("\n- safety: No harmful");
    }

    @Test
    void computes_the_weighted_mean_of_the_scores() {
        List<CriterionScore> scores = List.of(
                new CriterionScore("helpfulness", 5, ""),
                new CriterionScore("correctness", 3, ""),
                new CriterionScore("consistency", 4, ""),
                new CriterionScore("naturalness", 4, ""),
                new CriterionScore("safety", 2, ""),
                new CriterionScore("fairness", 5, ""));

        // (2·5 + 2·3 + 1·4 + 1·4 + 1·2 + 1·5) / (2 + 2 + 1 + 1 + 1 + 1) = 31 / 8
        assertThat(RubricJudge.weightedMean(defaultRubric(), scores)).isCloseTo(31.0 / 8, within(1e-12));
    }

    @Test
    void weighs_scores_by_criterion_name_not_by_position() {
        List<CriterionScore> scores = List.of(
                new CriterionScore("fairness", 1, ""),
                new CriterionScore("safety", 1, ""),
                new CriterionScore("naturalness", 1, ""),
                new CriterionScore("consistency", 1, ""),
                new CriterionScore("correctness", 5, ""),
                new CriterionScore("helpfulness", 5, ""));

        // (2·5 + 2·5 + 1 + 1 + 1 + 1) / 8 = 24 / 8
        assertThat(RubricJudge.weightedMean(defaultRubric(), scores)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void gives_equal_weight_when_none_is_given() {
        Rubric rubric = Rubric.parse("""
                criteria:
                  - name: clarity
                  - name: tone
                    weight: 3
                  - name: accuracy
                    weight: ~
                """);

        assertThat(rubric.name()).isEqualTo("custom");
        assertThat(rubric.criteria()).extracting(Rubric.Criterion::weight).containsExactly(1.0, 3.0, 1.0);
        // (5 + 3·1 + 2) / 5 = 2
        assertThat(RubricJudge.weightedMean(rubric, List.of(new CriterionScore("clarity", 5, ""),
                new CriterionScore("tone", 1, ""), new CriterionScore("accuracy", 2, "")))).isEqualTo(2.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            name: empty                                                   | rubric: criteria must be a non-empty list
            criteria: []                                                  | rubric: criteria must be a non-empty list
            criteria: helpfulness                                         | rubric: criteria must be a non-empty list
            criteria: [ { name: ok }, { weight: 2 } ]                     | rubric: criteria[1].name must be a word (letters, digits, '_' or '-')
            criteria: [ { name: 'two words' } ]                           | rubric: criteria[0].name must be a word (letters, digits, '_' or '-')
            criteria: [ { name: tone }, { name: tone } ]                  | rubric: criteria[1].name repeats 'tone'
            criteria: [ { name: tone, weight: 0 } ]                       | rubric: criteria[0].weight must be positive
            criteria: [ { name: tone }, { name: clarity, weight: -1 } ]   | rubric: criteria[1].weight must be positive
            criteria: [ { name: tone, weight: heavy } ]                   | rubric: criteria[0].weight must be a positive number
            """)
    void rejects_bad_rubric_naming_the_field(String yaml, String message) {
        assertThatThrownBy(() -> Rubric.parse(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void rejects_rubric_that_is_not_yaml() {
        assertThatThrownBy(() -> Rubric.parse("criteria: [ { name: tone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rubric is not valid YAML");
    }
}
