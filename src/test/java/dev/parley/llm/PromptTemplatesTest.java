package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptTemplatesTest {

    /** The values ModelDialogueWriter.write supplies. */
    private static final Map<String, String> WRITER_VALUES = Map.of(
            "language", "id",
            "language_name", "Bahasa Indonesia",
            "system_prompt", "Kamu adalah asisten TokoKita.",
            "messages", "6",
            "cell", "topic: paket terlambat\nmood: kesal",
            "examples", "");

    /** The values RubricJudge.judge supplies. */
    private static final Map<String, String> JUDGE_VALUES = Map.of(
            "language", "id",
            "language_name", "Bahasa Indonesia",
            "system_prompt", "Kamu adalah asisten TokoKita.",
            "cell", "topic: paket terlambat\nmood: kesal",
            "dialogue", "[ {\"role\": \"user\", \"content\": \"Halo\"} ]",
            "criteria", "- helpfulness: resolves the need");

    @Test
    void substitutes_variables_with_and_without_spaces() {
        String rendered = PromptTemplates.render("t.md", "Hi {{name}}, you speak {{ language }} and {{name}} again.",
                Map.of("name", "Ana", "language", "Bahasa"));

        assertThat(rendered).isEqualTo("Hi Ana, you speak Bahasa and Ana again.");
    }

    @Test
    void leaves_text_without_variables_unchanged() {
        assertThat(PromptTemplates.render("t.md", "No variables { here } or {{ }}.", Map.of()))
                .isEqualTo("No variables { here } or {{ }}.");
    }

    @Test
    void does_not_expand_template_syntax_inside_values() {
        String rendered = PromptTemplates.render("t.md", "<system_prompt>{{system_prompt}}</system_prompt> {{other}}",
                Map.of("system_prompt", "Say {{other}} and cost $5 \\ {{ other }}", "other", "X"));

        assertThat(rendered).isEqualTo("<system_prompt>Say {{other}} and cost $5 \\ {{ other }}</system_prompt> X");
    }

    @Test
    void names_the_template_and_the_missing_variable() {
        assertThatThrownBy(() -> PromptTemplates.render("write-dialogue.user.md", "Write {{messages}} in {{tone}}.",
                Map.of("messages", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prompt template write-dialogue.user.md uses {{tone}}, which Parley does not provide here")
                .hasMessageContaining("available: messages");
    }

    @ParameterizedTest
    @ValueSource(strings = {PromptSet.WRITE_SYSTEM, PromptSet.WRITE_USER, PromptSet.JUDGE_SYSTEM, PromptSet.JUDGE_USER,
            PromptSet.LANGUAGES, "rubrics/default.yaml"})
    void packages_the_default_prompt_files(String name) {
        assertThat(PromptTemplates.packaged(name)).hasValueSatisfying(text -> assertThat(text).isNotBlank());
    }

    @Test
    void has_no_packaged_file_of_an_unknown_name() {
        assertThat(PromptTemplates.packaged("no-such-template.md")).isEmpty();
    }

    @Test
    void renders_the_packaged_writer_templates_with_the_writer_values() {
        String system = render(PromptSet.WRITE_SYSTEM, WRITER_VALUES);
        String user = render(PromptSet.WRITE_USER, WRITER_VALUES);

        assertThat(system).contains("Write the whole dialogue in Bahasa Indonesia.");
        assertThat(user)
                .contains("<system_prompt>\nKamu adalah asisten TokoKita.\n</system_prompt>")
                .contains("<brief>\nlanguage: id (Bahasa Indonesia)\nmessages: 6\ntopic: paket terlambat\nmood: kesal\n</brief>")
                .contains("Write exactly 6 messages");
    }

    @Test
    void renders_the_packaged_judge_templates_with_the_judge_values() {
        String system = render(PromptSet.JUDGE_SYSTEM, JUDGE_VALUES);
        String user = render(PromptSet.JUDGE_USER, JUDGE_VALUES);

        assertThat(system).contains("Score the dialogue on each criterion");
        assertThat(user)
                .contains("<brief>\nlanguage: id (Bahasa Indonesia)\ntopic: paket terlambat\nmood: kesal\n</brief>")
                .contains("<dialogue>\n[ {\"role\": \"user\", \"content\": \"Halo\"} ]\n</dialogue>")
                .contains("<criteria>\n- helpfulness: resolves the need\n</criteria>");
    }

    @Test
    void renders_every_template_of_the_default_prompt_set() {
        PromptSet prompts = PromptSet.load(Optional.empty(), "default");

        assertThat(prompts.render(PromptSet.WRITE_SYSTEM, WRITER_VALUES)).doesNotContain("{{");
        assertThat(prompts.render(PromptSet.WRITE_USER, WRITER_VALUES)).doesNotContain("{{");
        assertThat(prompts.render(PromptSet.JUDGE_SYSTEM, JUDGE_VALUES)).doesNotContain("{{");
        assertThat(prompts.render(PromptSet.JUDGE_USER, JUDGE_VALUES)).doesNotContain("{{");
        assertThat(prompts.text(PromptSet.RUBRIC)).isEqualTo(PromptTemplates.packaged("rubrics/default.yaml").orElseThrow());
        assertThat(prompts.languageName("id")).isEqualTo("Bahasa Indonesia");
        assertThat(prompts.languageName("xx")).isEqualTo("xx");
    }

    @Test
    void prefers_a_file_in_the_recipe_prompt_folder(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve(PromptSet.WRITE_SYSTEM), "Write in {{language_name}}, briefly.");

        assertThat(PromptTemplates.read(Optional.of(folder), PromptSet.WRITE_SYSTEM))
                .isEqualTo("Write in {{language_name}}, briefly.");
        assertThat(PromptTemplates.read(Optional.of(folder), PromptSet.WRITE_USER))
                .isEqualTo(PromptTemplates.packaged(PromptSet.WRITE_USER).orElseThrow());
    }

    @Test
    void names_a_prompt_file_found_nowhere(@TempDir Path folder) {
        assertThatThrownBy(() -> PromptTemplates.read(Optional.of(folder), "rubrics/strict.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no prompt file 'rubrics/strict.yaml' in " + folder + " or among the packaged prompts");
    }

    private static String render(String name, Map<String, String> values) {
        String rendered = PromptTemplates.render(name, PromptTemplates.packaged(name).orElseThrow(), values);
        assertThat(rendered).as("%s leaves no variable unfilled", name).doesNotContain("{{");
        return rendered;
    }
}
