package dev.parley.generate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelEndpoints;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.ModelRole;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.Tools;

/**
 * Tool results as a recipe's {@code tools:} section says to make them: the first fixture that answers the call in
 * the dialogue's cell gives it; otherwise the tool-simulator model role ({@code parley.llm.tools.*}, prompts
 * {@code tool-simulator.*.md}) writes it from the brief, the conversation and the call, when the recipe has the
 * simulator on; otherwise the call gets an error result naming what no fixture answered.
 */
public final class RecipeToolResults implements ToolResults {

    /** Schema name of a tool-simulator request. */
    public static final String TOOL_RESULT_SCHEMA = "tool_result";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructuredOutput<String> OUTPUT = new StructuredOutput<>(TOOL_RESULT_SCHEMA,
            JsonObjectSchema.builder().addStringProperty("result", "the tool's result as JSON text")
                    .required("result").additionalProperties(false).build(),
            node -> {
                if (!node.path("result").isTextual() || node.get("result").asText().isBlank()) {
                    throw new IllegalArgumentException("no tool 'result'");
                }
                return node.get("result").asText().strip();
            });

    private final Tools tools;
    private final ModelGateway gateway;
    private final ModelEndpoint simulator;
    private final PromptSet prompts;

    /**
     * @param gateway   how the simulator is called (unused when the recipe has the simulator off)
     * @param simulator the tool-simulator endpoint
     * @param prompts   the run's prompt files, with the tool-simulator templates
     */
    public RecipeToolResults(Tools tools, ModelGateway gateway, ModelEndpoint simulator, PromptSet prompts) {
        this.tools = tools;
        this.gateway = gateway;
        this.simulator = simulator;
        this.prompts = prompts;
    }

    /** The results of a run's recipe: its tools, and the tool-simulator endpoint the configuration resolves. */
    public static RecipeToolResults of(Recipe recipe, ModelGateway gateway, ModelEndpoints endpoints, PromptSet prompts) {
        return new RecipeToolResults(recipe.tools(), gateway, endpoints.resolve(ModelRole.TOOLS, Optional.empty()),
                prompts);
    }

    @Override
    public String resultOf(ToolCall call, DialogueBrief brief, List<Turn> history, CallContext context) {
        JsonNode arguments = parsed(call.arguments());
        var fixture = tools.fixtureResult(call.name(), arguments, brief.cell().values());
        if (fixture.isPresent()) {
            return fixture.get();
        }
        if (!tools.simulator()) {
            return JSON.createObjectNode().put("error", "no result for " + call.name() + " with these arguments")
                    .toString();
        }
        Map<String, String> values = new HashMap<>(ModelDialogueWriter.toolValues(tools, brief));
        values.put("language", brief.language());
        values.put("language_name", prompts.languageName(brief.language()));
        values.put("cell", ModelDialogueWriter.cellLines(brief));
        values.put("conversation", DialogueJson.of(history, false));
        values.put("name", call.name());
        values.put("arguments", call.arguments());
        var prompt = new Prompt(prompts.render(PromptSet.TOOL_SYSTEM, values), prompts.render(PromptSet.TOOL_USER, values));
        // The seed follows the call, so the same call in the same dialogue gets the same (cached) result.
        long seed = brief.seed() * 31 + (call.name() + call.arguments()).hashCode();
        return gateway.ask(simulator, prompt, OUTPUT, seed, context).value();
    }

    private static JsonNode parsed(String arguments) {
        try {
            return JSON.readTree(arguments);
        } catch (Exception e) {
            return null;
        }
    }
}
