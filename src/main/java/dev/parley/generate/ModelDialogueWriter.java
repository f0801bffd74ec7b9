package dev.parley.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.CallContext;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;

/** Whole-dialogue mode: one structured call writes every message of the dialogue. */
public final class ModelDialogueWriter implements DialogueWriter {

    /** Schema name of a whole-dialogue request. */
    public static final String DIALOGUE_SCHEMA = "dialogue";

    /** The dialogue schema and its parser; revisions of whole dialogues answer in it too. */
    public static final StructuredOutput<Dialogue> OUTPUT = new StructuredOutput<>(DIALOGUE_SCHEMA,
            JsonObjectSchema.builder()
                    .addProperty("messages", JsonArraySchema.builder()
                            .items(JsonObjectSchema.builder()
                                    .addEnumProperty("role", List.of(Turn.USER, Turn.ASSISTANT))
                                    .addStringProperty("content")
                                    .required("role", "content")
                                    .additionalProperties(false)
                                    .build())
                            .build())
                    .required("messages")
                    .additionalProperties(false)
                    .build(),
            ModelDialogueWriter::parse);

    private final ModelGateway gateway;
    private final ModelEndpoint endpoint;
    private final PromptSet prompts;
    private final CallContext context;

    public ModelDialogueWriter(ModelGateway gateway, ModelEndpoint endpoint, PromptSet prompts, CallContext context) {
        this.gateway = gateway;
        this.endpoint = endpoint;
        this.prompts = prompts;
        this.context = context;
    }

    @Override
    public ModelAnswer<Dialogue> write(DialogueBrief brief) {
        Map<String, String> values = Map.of(
                "language", brief.language(),
                "language_name", prompts.languageName(brief.language()),
                "system_prompt", brief.systemPrompt(),
                "messages", Integer.toString(brief.messages()),
                "cell", cellLines(brief),
                "examples", SeedExamples.wholeDialogues(prompts, brief.examples()));
        var prompt = new Prompt(prompts.render(PromptSet.WRITE_SYSTEM, values), prompts.render(PromptSet.WRITE_USER, values));
        return gateway.ask(endpoint, prompt, OUTPUT, brief.seed(), context);
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
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new IllegalArgumentException("no 'messages' list");
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (!role.equals(Turn.USER) && !role.equals(Turn.ASSISTANT)) {
                throw new IllegalArgumentException("message " + (turns.size() + 1) + " has role '" + role
                        + "' (expected user or assistant)");
            }
            if (!m.path("content").isTextual()) {
                throw new IllegalArgumentException("message " + (turns.size() + 1) + " has no text content");
            }
            turns.add(withReasoning(new Turn(role, m.get("content").asText()), m));
        }
        return new Dialogue(turns);
    }
}
