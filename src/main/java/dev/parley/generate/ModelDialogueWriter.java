package dev.parley.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.ToolDefinition;
import dev.parley.recipe.Tools;

/**
 * Whole-dialogue mode: one structured call writes every message of the dialogue. When the recipe declares tools,
 * the messages may also be assistant turns that call tools and the tools' results ({@link #output(Tools)}), and
 * the request carries the tools and the dialogue's tool scenario; without tools, schema and request are the plain
 * ones.
 */
public final class ModelDialogueWriter implements DialogueWriter {

    /** Schema name of a whole-dialogue request. */
    public static final String DIALOGUE_SCHEMA = "dialogue";

    /** The dialogue schema and its parser; revisions of whole dialogues answer in it too. */
    public static final StructuredOutput<Dialogue> OUTPUT = new StructuredOutput<>(DIALOGUE_SCHEMA,
            messages(JsonObjectSchema.builder()
                    .addEnumProperty("role", List.of(Turn.USER, Turn.ASSISTANT))
                    .addStringProperty("content")
                    .required("role", "content")
                    .additionalProperties(false)
                    .build()),
            ModelDialogueWriter::parse);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelGateway gateway;
    private final ModelEndpoint endpoint;
    private final PromptSet prompts;
    private final CallContext context;
    private final Tools tools;

    public ModelDialogueWriter(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, CallContext context) {
        this(gateway, endpoint, prompts, context, Tools.NONE);
    }

    /** A writer whose dialogues may call the recipe's tools. */
    public ModelDialogueWriter(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, CallContext context,
            Tools tools) {
        this.gateway = gateway;
        this.endpoint = endpoint;
        this.prompts = prompts;
        this.context = context;
        this.tools = tools;
    }

    /**
     * The dialogue schema for a recipe: {@link #OUTPUT} without tools; with tools, messages of role {@code user},
     * {@code assistant} or {@code tool}, each with {@code tool_calls} (the assistant's calls: id, declared name,
     * arguments as JSON text, as OpenAI's chat format has them; empty for other messages) and {@code tool_call_id}
     * (the call a {@code tool} message answers; empty for others). Every field is required, so the schema also
     * suits providers that accept only strict schemas.
     */
    public static StructuredOutput<Dialogue> output(Tools tools) {
        if (tools.isEmpty()) {
            return OUTPUT;
        }
        JsonObjectSchema call = JsonObjectSchema.builder()
                .addStringProperty("id")
                .addEnumProperty("name", tools.functions().stream().map(ToolDefinition::name).toList())
                .addStringProperty("arguments", "the arguments as a JSON object in text")
                .required("id", "name", "arguments")
                .additionalProperties(false)
                .build();
        return new StructuredOutput<>(DIALOGUE_SCHEMA, messages(JsonObjectSchema.builder()
                .addEnumProperty("role", List.of(Turn.USER, Turn.ASSISTANT, Turn.TOOL))
                .addStringProperty("content")
                .addProperty("tool_calls", JsonArraySchema.builder().items(call).build())
                .addStringProperty("tool_call_id")
                .required("role", "content", "tool_calls", "tool_call_id")
                .additionalProperties(false)
                .build()),
                ModelDialogueWriter::parseWithTools);
    }

    /** {@code {"messages": [message, …]}}, nothing else. */
    private static JsonObjectSchema messages(JsonObjectSchema message) {
        return JsonObjectSchema.builder()
                .addProperty("messages", JsonArraySchema.builder().items(message).build())
                .required("messages")
                .additionalProperties(false)
                .build();
    }

    @Override
    public ModelAnswer<Dialogue> write(DialogueBrief brief) {
        return gateway.ask(endpoint, prompt(brief), output(tools), brief.seed(), context);
    }

    /**
     * Writes a dialogue for the brief that opens with the given user message: a candidate written to share
     * another candidate's opening, so that the two continue the same history.
     */
    public ModelAnswer<Dialogue> write(DialogueBrief brief, String opening) {
        Prompt plain = prompt(brief);
        String block = prompts.render(PromptSet.WRITE_OPENING, Map.of("opening", opening));
        return gateway.ask(endpoint, new Prompt(plain.system(), plain.user() + block), output(tools), brief.seed(),
                context);
    }

    private Prompt prompt(DialogueBrief brief) {
        Map<String, String> values = Map.of(
                "language", brief.language(),
                "language_name", prompts.languageName(brief.language()),
                "system_prompt", brief.systemPrompt(),
                "messages", Integer.toString(brief.messages()),
                "cell", cellLines(brief),
                "examples", SeedExamples.wholeDialogues(prompts, brief.examples()));
        String user = prompts.render(PromptSet.WRITE_USER, values);
        if (!tools.isEmpty()) {
            user = user + "\n" + prompts.render(PromptSet.WRITE_TOOLS, toolValues(tools, brief));
        }
        return new Prompt(prompts.render(PromptSet.WRITE_SYSTEM, values), user);
    }

    /**
     * What the tool prompts are filled with: the functions in OpenAI's {@code tools} format, the dialogue's tool
     * scenario with what it asks for, and the messages the turn range counts.
     */
    public static Map<String, String> toolValues(Tools tools, DialogueBrief brief) {
        ArrayNode functions = JSON.createArrayNode();
        for (ToolDefinition f : tools.functions()) {
            functions.addObject().put("type", "function").putObject("function").put("name", f.name())
                    .put("description", f.description()).set("parameters", f.parameters());
        }
        String scenario = brief.cell().values().getOrDefault(Tools.SCENARIO_KEY, "");
        String instruction = switch (scenario) {
            case Tools.NEEDS_LOOKUP -> "The user's request needs a lookup: the assistant calls the right tool with the"
                    + " user's details before it answers, and its answer states only what the result says.";
            case Tools.TOOL_ERROR -> "The user's request needs a lookup, and the tool answers with an error: the"
                    + " assistant says so honestly and offers a next step, inventing nothing.";
            case Tools.MISSING_ARGUMENT -> "The user first leaves out a detail the tool needs: the assistant asks for"
                    + " it instead of guessing, and calls the tool only once the user has given it.";
            case Tools.NO_TOOL_NEEDED -> "The request needs no tool: the assistant answers directly and calls none.";
            default -> "The assistant calls a tool whenever it needs facts only a tool has, and never invents them.";
        };
        return Map.of(
                "tools", functions.toPrettyString(),
                "scenario", scenario.isEmpty() ? "any" : scenario,
                "scenario_instruction", instruction,
                "messages", Integer.toString(brief.messages()));
    }

    /**
     * The cell as {@code name: value} lines, the shape the prompts and the offline model read; the
     * item's language, recorded in the cell when a recipe has several, is stated by the brief already.
     */
    public static String cellLines(DialogueBrief brief) {
        return brief.cell().values().entrySet().stream()
                .filter(e -> !(e.getKey().equals(Recipe.LANGUAGE_KEY) && e.getValue().equals(brief.language())))
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** A dialogue whose messages may call tools and carry their results. */
    static Dialogue parseWithTools(JsonNode root) {
        return parse(root, true);
    }

    /**
     * An assistant message's {@code reasoning}, when the writing model gives one (the dialogue schema does not
     * ask for it; a model writing reasoning models' dialogues may add it): kept with the turn, like the
     * reasoning a role-play assistant returns.
     */
    private static Turn withReasoning(Turn turn, JsonNode message) {
        JsonNode reasoning = message.get("reasoning");
        return turn.isAssistant() && reasoning != null && reasoning.isTextual() ? turn.withReasoning(reasoning.asText())
                : turn;
    }

    static Dialogue parse(JsonNode root) {
        return parse(root, false);
    }

    private static Dialogue parse(JsonNode root, boolean tools) {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new IllegalArgumentException("no 'messages' list");
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            int position = turns.size() + 1;
            String role = m.path("role").asText("");
            if (!role.equals(Turn.USER) && !role.equals(Turn.ASSISTANT) && !(tools && role.equals(Turn.TOOL))) {
                throw new IllegalArgumentException("message " + position + " has role '" + role
                        + (tools ? "' (expected user, assistant or tool)" : "' (expected user or assistant)"));
            }
            if (!m.path("content").isTextual()) {
                throw new IllegalArgumentException("message " + position + " has no text content");
            }
            String content = m.get("content").asText();
            turns.add(withReasoning(switch (role) {
                case Turn.ASSISTANT -> Turn.toolCalling(content, calls(m.path("tool_calls"), position));
                case Turn.TOOL -> Turn.toolResult(m.path("tool_call_id").asText(""), content);
                default -> new Turn(role, content);
            }, m));
        }
        return new Dialogue(turns);
    }

    private static List<ToolCall> calls(JsonNode list, int position) {
        List<ToolCall> calls = new ArrayList<>();
        if (!list.isArray()) {
            return calls;
        }
        for (JsonNode c : list) {
            if (!c.path("name").isTextual()) {
                throw new IllegalArgumentException("a tool call of message " + position + " has no name");
            }
            JsonNode arguments = c.path("arguments");
            // Arguments are JSON text as OpenAI sends them; a model that writes the object itself is taken at its word.
            calls.add(new ToolCall(c.path("id").asText(""), c.get("name").asText(),
                    arguments.isTextual() ? arguments.asText() : arguments.isMissingNode() ? "{}" : arguments.toString()));
        }
        return calls;
    }
}
