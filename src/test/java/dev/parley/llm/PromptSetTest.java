package dev.parley.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetTest {

    @Test
    void packaged_defaults_cover_every_file_a_run_needs() {
        PromptSet set = PromptSet.load(Optional.empty(), "default");

        assertThat(set.files()).containsOnlyKeys(PromptSet.WRITE_SYSTEM, PromptSet.WRITE_USER, PromptSet.JUDGE_SYSTEM,
                PromptSet.JUDGE_USER, PromptSet.REVISE_SYSTEM, PromptSet.REVISE_DIALOGUE, PromptSet.REVISE_TURNS, PromptSet.LANGUAGES, PromptSet.STOCK_PHRASES,
                PromptSet.USER_SYSTEM, PromptSet.USER_TURN, PromptSet.USER_TRAITS, PromptSet.RUBRIC, PromptSet.ROLE_LEAKAGE,
                PromptSet.SEED_EXAMPLES, PromptSet.SEED_USER_MESSAGES, PromptSet.WRITE_OPENING);
        assertThat(set.text(PromptSet.RUBRIC)).contains("helpfulness");
        assertThat(set.languageName("id")).isEqualTo("Bahasa Indonesia");
        assertThat(set.languageName("xx")).isEqualTo("xx");
        assertThat(new PromptSet(java.util.Map.of(PromptSet.LANGUAGES, "id: Bahasa Indonesia\nen: { name: English, script: Latin }"))
                .languageName("en")).as("a language with what the check expects of it").isEqualTo("English");
    }

    @Test
    void a_recipe_folder_replaces_only_the_files_it_has(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(PromptSet.WRITE_USER), "Custom brief: {{cell}}");
        Files.createDirectories(folder.resolve("rubrics"));
        Files.writeString(folder.resolve("rubrics/strict.yaml"), "criteria: [{name: tone, weight: 1}]");

        PromptSet set = PromptSet.load(Optional.of(folder), "strict");

        assertThat(set.text(PromptSet.WRITE_USER)).isEqualTo("Custom brief: {{cell}}");
        assertThat(set.text(PromptSet.WRITE_SYSTEM)).isEqualTo(PromptTemplates.packaged(PromptSet.WRITE_SYSTEM).orElseThrow());
        assertThat(set.text(PromptSet.RUBRIC)).contains("tone");
        assertThat(set.hashes().get(PromptSet.WRITE_USER)).isEqualTo(PromptSet.sha256("Custom brief: {{cell}}"));
    }

    @Test
    void a_rubric_file_path_is_read_as_given(@TempDir Path folder) throws Exception {
        Path rubric = folder.resolve("mine.yaml");
        Files.writeString(rubric, "criteria: [{name: empathy, weight: 2}]");

        assertThat(PromptSet.load(Optional.empty(), rubric.toString()).text(PromptSet.RUBRIC)).contains("empathy");
    }

    @Test
    void an_unknown_rubric_is_named_in_the_error() {
        assertThatThrownBy(() -> PromptSet.load(Optional.empty(), "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rubrics/nope.yaml");
    }
}
