package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every recipe field that names a file resolves inside the recipe's folder or a folder the operator
 * allows: absolute paths elsewhere, {@code ..} and symbolic links out are problems naming the field,
 * and no problem quotes the file it was refused.
 */
class FileRootsTest {

    private static final String SECRET = "Name: java\nsecret-token: hunter2\n";
    private static final String RECIPE = """
            name: shop-support
            count: 4
            language: id
            turns: { min: 2, max: 4 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [refund, late parcel]
            judge:
              threshold: 3.5
            """;

    @TempDir
    Path tmp;
    Path recipes;
    Path secret;

    @BeforeEach
    void folders() throws IOException {
        recipes = Files.createDirectories(tmp.resolve("recipes"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        secret = Files.writeString(outside.resolve("status.yaml"), SECRET);
        Files.createSymbolicLink(recipes.resolve("linked.yaml"), secret);
        Files.createSymbolicLink(recipes.resolve("linked-folder"), outside);
        Files.writeString(recipes.resolve("seeds.jsonl"), "{\"messages\": [{\"role\": \"user\", \"content\": \"Halo\"},"
                + " {\"role\": \"assistant\", \"content\": \"Halo kak\"}]}\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            seeds: {file: FILE}                                     | seeds.file
            checks: {memorisation: {reference: FILE}}               | checks.memorisation.reference
            checks: {decontaminate: FILE}                           | checks.decontaminate.file
            checks: {dedup-against: {reference: FILE}}              | checks.dedup-against.reference
            export: {real-data: FILE}                               | export.real-data
            judge: {threshold: 3.5, rubric: FILE}                   | judge.rubric
            prompts: FILE                                           | prompts
            dimensions: {topic: {from: FILE}}                       | dimensions.topic.from
            """)
    void refuses_absolute_climbing_and_linked_names_in_every_file_field(String field, String path) {
        for (String name : List.of(secret.toString(), "../outside/status.yaml", "linked.yaml",
                "linked-folder/status.yaml")) {
            String file = field.equals("prompts: FILE") && name.equals("linked.yaml") ? "linked-folder" : name;
            // given a recipe sent to the server whose file field leads outside the recipes folder
            String yaml = with(field.replace("FILE", "'" + file + "'"));

            // when it is validated, then the field is named and the file's content is not quoted
            assertThatThrownBy(() -> RecipeLoader.parse(yaml, recipes)).as(field + " " + file)
                    .isInstanceOfSatisfying(InvalidRecipeException.class, e -> {
                        assertThat(e.problems()).extracting(RecipeProblem::field).contains(path);
                        assertThat(e.getMessage()).doesNotContain("java").doesNotContain("hunter2");
                    });
        }
    }

    @Test
    void says_why_a_name_is_refused() {
        assertThat(problems("seeds: '" + secret + "'")).containsExactly("seeds.file names '" + secret
                + "', outside the recipe's folder: a recipe may name only files inside it");
        assertThat(problems("seeds: ../outside/status.yaml")).containsExactly("seeds.file names"
                + " '../outside/status.yaml', outside the recipe's folder: a recipe may name only files inside it");
        assertThat(problems("seeds: linked.yaml")).containsExactly("seeds.file names 'linked.yaml', a link that leads"
                + " outside the recipe's folder");
        assertThat(problems("seeds: linked-folder/missing.jsonl")).as("nothing learnt of the folder outside")
                .containsExactly("seeds.file names 'linked-folder/missing.jsonl', a link that leads outside the"
                        + " recipe's folder");
    }

    @Test
    void accepts_files_inside_the_folder_and_in_a_folder_the_operator_allows() throws IOException {
        Recipe inside = RecipeLoader.parse(with("seeds: seeds.jsonl"), recipes);
        assertThat(inside.seeds().orElseThrow().file()).isEqualTo(recipes.resolve("seeds.jsonl").toString());

        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path reference = Files.writeString(shared.resolve("reference.jsonl"), "{}\n");
        Recipe allowed = RecipeLoader.parse(with("checks: {memorisation: {reference: '" + reference + "'}}"),
                FileRoots.of(recipes, List.of(shared)));
        assertThat(allowed.checks().memorisation().reference()).contains(reference.toString());
        assertThatThrownBy(() -> RecipeLoader.parse(with("checks: {memorisation: {reference: '" + reference + "'}}"),
                recipes)).as("not allowed without the operator's root").isInstanceOf(InvalidRecipeException.class);
    }

    @Test
    void reports_a_file_it_cannot_read_instead_of_calling_the_recipe_valid() throws IOException {
        // A folder where a file should be cannot be read as one, whoever runs the test (root reads any file).
        Files.createDirectories(recipes.resolve("folder.jsonl"));

        assertThat(problems("seeds: folder.jsonl")).containsExactly("seeds.file names 'folder.jsonl', which is not a"
                + " readable file");
        assertThat(problems("prompts: seeds.jsonl")).containsExactly("prompts names 'seeds.jsonl', which is not a"
                + " readable folder");
    }

    private List<String> problems(String block) {
        try {
            RecipeLoader.parse(with(block), recipes);
        } catch (InvalidRecipeException e) {
            return e.problems().stream().map(RecipeProblem::toString).toList();
        }
        return List.of();
    }

    private static String with(String block) {
        String key = block.substring(0, block.indexOf(':'));
        return RECIPE.lines().anyMatch(l -> l.startsWith(key + ":"))
                ? RECIPE.replaceAll("(?ms)^" + key + ":.*?(?=^\\S|\\z)", block + "\n") : RECIPE + block + "\n";
    }
}
