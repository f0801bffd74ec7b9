package dev.parley.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The recipe's {@code tools:} section: functions in OpenAI's format, fixtures, the simulator, and the tool scenarios. */
class ToolsRecipeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECIPE = """
            name: shop-tools
            language: id
            count: 10
            turns: { min: 2, max: 4 }
            assistant:
              system-prompt: Kamu asisten toko.
            dimensions:
              topic: [status, refund]
              tool-scenario: [needs-lookup, tool-error]
            """;
    private static final String LOOKUP = """
                - name: cek_status
                  description: Cek status pesanan.
                  parameters:
                    type: object
                    properties:
                      nomor: { type: string, pattern: "^INV-[0-9]{5}$" }
                    required: [nomor]
            """;

    private static InvalidRecipeException invalid(String tools) {
        return catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(RECIPE + tools));
    }

    @Test
    void reads_functions_fixtures_and_simulator_and_judges_by_the_tool_use_rubric() {
        Recipe recipe = RecipeLoader.parse(RECIPE + "tools:\n  functions:\n" + LOOKUP + """
                  fixtures:
                    - tool: cek_status
                      arguments: { nomor: "INV-0*" }
                      result: { error: "tidak ditemukan" }
                    - tool: cek_status
                      cell: { tool-scenario: tool-error }
                      result: layanan gangguan
                  simulator: true
                """);

        Tools tools = recipe.tools();
        assertThat(tools.functions()).extracting(ToolDefinition::name).containsExactly("cek_status");
        assertThat(tools.functions().getFirst().parameters().path("required").get(0).asText()).isEqualTo("nomor");
        assertThat(tools.simulator()).isTrue();
        assertThat(tools.fixtureResult("cek_status", JSON.createObjectNode().put("nomor", "INV-01234"), Map.of()))
                .hasValue("{\"error\":\"tidak ditemukan\"}");
        assertThat(tools.fixtureResult("cek_status", JSON.createObjectNode().put("nomor", "INV-51234"),
                Map.of("tool-scenario", "tool-error"))).hasValue("layanan gangguan");
        assertThat(tools.fixtureResult("cek_status", JSON.createObjectNode().put("nomor", "INV-51234"),
                Map.of("tool-scenario", "needs-lookup"))).isEmpty();
        assertThat(recipe.judge().rubric()).isEqualTo(Recipe.JudgeSettings.TOOL_USE_RUBRIC);
    }

    @Test
    void takes_a_plain_list_and_openais_wrapped_form_alike_with_the_simulator_on() {
        Recipe bare = RecipeLoader.parse(RECIPE + "tools:\n" + LOOKUP);
        Recipe wrapped = RecipeLoader.parse(RECIPE + """
                tools:
                  - type: function
                    function: { name: cek_status, description: Cek status pesanan., parameters: { type: object,
                      properties: { nomor: { type: string, pattern: "^INV-[0-9]{5}$" } }, required: [nomor] } }
                """);

        assertThat(wrapped.tools()).isEqualTo(bare.tools());
        assertThat(bare.tools().simulator()).isTrue();
        assertThat(bare.tools().fixtures()).isEmpty();
    }

    @Test
    void is_stored_with_the_run_and_read_back_the_same() {
        Recipe recipe = RecipeLoader.parse(RECIPE + "tools:\n  functions:\n" + LOOKUP + """
                  fixtures:
                    - { tool: cek_status, arguments: { nomor: "INV-1*" }, cell: { topic: refund }, result: { status: dikirim } }
                    - { tool: cek_status, result: "teks biasa" }
                """);

        Recipe stored = RecipeLoader.validate(RecipeLoader.toTree(recipe));

        assertThat(stored.tools()).isEqualTo(recipe.tools());
        assertThat(stored.tools().simulator()).as("fixtures given, simulator not asked for: off").isFalse();
        assertThat(stored.judge().rubric()).isEqualTo(recipe.judge().rubric());
        assertThat(RecipeLoader.toTree(RecipeLoader.parse(RECIPE.replace("  tool-scenario: [needs-lookup, tool-error]\n",
                ""))).has("tools")).isFalse();
    }

    @Test
    void names_every_bad_declaration_by_its_field() {
        InvalidRecipeException e = invalid("tools:\n  functions:\n" + LOOKUP + """
                    - name: cek_status
                      parameters: { type: object }
                    - name: "bad name!"
                      parameters: { type: object }
                    - name: ubah_alamat
                      parameters:
                        type: object
                        properties:
                          alamat: { type: text, minLength: -1 }
                          kota: { type: string, pattern: "([" }
                        required: [alamat, kode_pos]
                        oneOf: []
                    - name: batal
                      parameters: { type: array }
                  fixtures:
                    - { tool: lacak_paket, result: ok }
                    - { tool: cek_status, arguments: { kode: x }, cell: { mood: marah }, result: ok }
                    - { tool: cek_status }
                """);

        assertThat(e.problems()).extracting(RecipeProblem::field).containsExactlyInAnyOrder(
                "tools.functions[1].name",
                "tools.functions[2].name",
                "tools.functions[3].parameters.properties.alamat.type",
                "tools.functions[3].parameters.properties.alamat.minLength",
                "tools.functions[3].parameters.properties.kota.pattern",
                "tools.functions[3].parameters.required[1]",
                "tools.functions[3].parameters.oneOf",
                "tools.functions[4].parameters.type",
                "tools.fixtures[0].tool",
                "tools.fixtures[1].arguments.kode",
                "tools.fixtures[1].cell.mood",
                "tools.fixtures[2].result");
        assertThat(e.problems()).map(RecipeProblem::toString).contains(
                "tools.functions[1].name repeats the function 'cek_status'",
                "tools.fixtures[0].tool names 'lacak_paket', which is not a declared function",
                "tools.functions[3].parameters.required[1] names 'kode_pos', which is not in properties");
    }

    @Test
    void tool_scenarios_must_be_known_and_need_tools() {
        InvalidRecipeException unknown = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(
                RECIPE.replace("[needs-lookup, tool-error]", "[needs-lookup, lupa]") + "tools:\n" + LOOKUP));
        InvalidRecipeException without = catchThrowableOfType(InvalidRecipeException.class, () -> RecipeLoader.parse(RECIPE));

        assertThat(unknown.problems()).map(RecipeProblem::toString).containsExactly("dimensions.tool-scenario[1] must be one"
                + " of needs-lookup, tool-error, missing-argument, no-tool-needed, not 'lupa'");
        assertThat(without.problems()).map(RecipeProblem::toString)
                .containsExactly("dimensions.tool-scenario names tool scenarios, but the recipe declares no tools");
    }

    @Test
    void a_simulator_turned_off_needs_fixtures() {
        assertThat(invalid("tools:\n  simulator: false\n  functions:\n" + LOOKUP).problems()).map(RecipeProblem::toString)
                .containsExactly("tools.simulator is off and there are no fixtures: nothing would make the tools' results");
    }

    @Test
    void the_packaged_example_with_tools_loads() {
        Recipe recipe = RecipeLoader.load(Path.of("recipes/ecommerce-support-id-tools.yaml"));

        assertThat(recipe.tools().functions()).extracting(ToolDefinition::name)
                .containsExactly("cek_status_pesanan", "ajukan_pengembalian_dana", "ubah_alamat_pengiriman");
        assertThat(recipe.dimensions().get(Tools.SCENARIO_KEY)).containsExactlyElementsOf(Tools.SCENARIOS);
    }
}
