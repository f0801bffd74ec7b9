package dev.parley.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;

/**
 * Role-play mode: a user-simulator model plays the user from the brief (persona, mood, traits,
 * goal), and the assistant model answers seeing only the recipe's system prompt and the
 * conversation so far, exactly as it will in production. Turns alternate until the dialogue has
 * its planned length, or the simulated user is done and the turn range allows stopping. Where its
 * {@link ReplyCandidates} ask, the assistant answers the same conversation several times, each with its own
 * seed, and the dialogue goes on with the reply they choose.
 */
public final class RolePlayWriter implements DialogueWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Schema name of a request for the simulated user's next message. */
    public static final String USER_TURN_SCHEMA = "user_turn";

    /** One simulated user message. */
    record UserTurn(String message, boolean done) {
    }

    private static final StructuredOutput<UserTurn> USER_OUTPUT = new StructuredOutput<>(USER_TURN_SCHEMA,
            JsonObjectSchema.builder().addStringProperty("message").addBooleanProperty("done")
                    .required("message", "done").additionalProperties(false).build(),
            node -> {
                if (!node.path("message").isTextual() || node.get("message").asText().isBlank()) {
                    throw new IllegalArgumentException("no user 'message'");
                }
                return new UserTurn(node.get("message").asText().strip(), node.path("done").asBoolean(false));
            });

    private final ModelGateway gateway;
    private final ModelEndpoint userModel;
    private final ModelEndpoint assistantModel;
    private final PromptSet prompts;
    private final Recipe.TurnRange turns;
    private final CallContext context;
    private final ReplyCandidates candidates;

    public RolePlayWriter(ModelGateway gateway, ModelEndpoint userModel, ModelEndpoint assistantModel, PromptSet prompts,
            Recipe.TurnRange turns, CallContext context) {
        this(gateway, userModel, assistantModel, prompts, turns, context, ReplyCandidates.NONE);
    }

    /** A writer that samples several assistant replies where {@code candidates} asks, and goes on with its choice. */
    public RolePlayWriter(ModelGateway gateway, ModelEndpoint userModel, ModelEndpoint assistantModel, PromptSet prompts,
            Recipe.TurnRange turns, CallContext context, ReplyCandidates candidates) {
        this.gateway = gateway;
        this.userModel = userModel;
        this.assistantModel = assistantModel;
        this.prompts = prompts;
        this.turns = turns;
        this.context = context;
        this.candidates = candidates;
    }

    @Override
    public ModelAnswer<Dialogue> write(DialogueBrief brief) {
        List<Turn> history = new ArrayList<>();
        CallUsage usage = CallUsage.NONE;
        String traits = traits(brief);
        while (history.size() < brief.messages()) {
            ModelAnswer<UserTurn> user = gateway.ask(userModel, userPrompt(brief, traits, history), USER_OUTPUT,
                    brief.seed() + history.size(), context);
            usage = usage.plus(user.usage());
            history.add(new Turn(Turn.USER, user.value().message()));

            int count = candidates.candidatesAt((int) history.stream().filter(Turn::isAssistant).count() + 1);
            List<ReplyCandidates.Sampled> replies = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long seed = ReplyCandidates.seed(brief.seed() + history.size(), i);
                ModelAnswer<String> reply = gateway.chat(assistantModel,
                        assistantMessages(brief.systemPrompt(), history), seed, context);
                usage = usage.plus(reply.usage());
                replies.add(new ReplyCandidates.Sampled(seed, new Turn(Turn.ASSISTANT, reply.value())));
            }
            history.add(count == 1 ? replies.get(0).turn() : candidates.choose(brief, List.copyOf(history), replies));

            if (user.value().done() && history.size() >= turns.min()) {
                break;
            }
        }
        return new ModelAnswer<>(new Dialogue(history), usage);
    }

    /** What the assistant sees: its system prompt and the conversation, nothing of the plan. */
    static List<ChatMessage> assistantMessages(String systemPrompt, List<Turn> history) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(systemPrompt));
        for (Turn t : history) {
            messages.add(t.isAssistant() ? AiMessage.from(t.content()) : UserMessage.from(t.content()));
        }
        return messages;
    }

    private Prompt userPrompt(DialogueBrief brief, String traits, List<Turn> history) {
        Map<String, String> values = new HashMap<>();
        values.put("language", brief.language());
        values.put("language_name", prompts.languageName(brief.language()));
        values.put("messages", Integer.toString(brief.messages()));
        values.put("cell", ModelDialogueWriter.cellLines(brief));
        values.put("traits", traits);
        values.put("examples", SeedExamples.userMessages(prompts, brief.examples()));
        values.put("conversation", conversation(history));
        values.put("next", Integer.toString(history.size() + 1));
        return new Prompt(prompts.render(PromptSet.USER_SYSTEM, values), prompts.render(PromptSet.USER_TURN, values));
    }

    /** The behaviour of every cell value that names a known trait, as instructions for the simulator. */
    private String traits(DialogueBrief brief) {
        JsonNode known;
        try {
            known = YAML.readTree(prompts.text(PromptSet.USER_TRAITS));
        } catch (IOException e) {
            throw new IllegalArgumentException("user-traits.yaml is not valid YAML: " + e.getMessage(), e);
        }
        var lines = new StringBuilder();
        for (String value : brief.cell().values().values()) {
            JsonNode behaviour = known == null ? null : known.get(value);
            if (behaviour != null && behaviour.isTextual()) {
                lines.append("- ").append(value).append(": ").append(behaviour.asText()).append('\n');
            }
        }
        return lines.isEmpty() ? "" : "How you behave:\n<traits>\n" + lines + "</traits>\n";
    }

    private static String conversation(List<Turn> history) {
        ArrayNode array = JSON.createArrayNode();
        for (Turn t : history) {
            array.addObject().put("role", t.role()).put("content", t.content());
        }
        return array.toPrettyString();
    }
}
