package dev.parley.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.llm.ModelCallException;
import dev.parley.llm.ModelEndpoint;
import dev.parley.llm.ModelGateway;
import dev.parley.llm.Prompt;
import dev.parley.llm.PromptSet;
import dev.parley.llm.StructuredOutput;
import dev.parley.recipe.Recipe;
import dev.parley.recipe.ToolDefinition;
import dev.parley.recipe.Tools;

/**
 * Role-play mode: a user-simulator model plays the user from the brief (persona, mood, traits,
 * goal), and the assistant model answers seeing only the recipe's system prompt and the
 * conversation so far, exactly as it will in production. Turns alternate until the dialogue has
 * its planned length, or the simulated user is done and the turn range allows stopping. Where its
 * {@link ReplyCandidates} ask, the assistant answers the same conversation several times, each with its own
 * seed, and the dialogue goes on with the reply they choose.
 *
 * <p>When the recipe declares tools, the assistant model is offered them as OpenAI functions: the calls it
 * makes are answered by {@link ToolResults} and sent back as tool messages, and it is asked again until it
 * answers in text. Tool turns do not count towards the planned length; the simulated user sees only what
 * was said to it. A writer with tools samples no candidates: a candidate's calls would have results of their own,
 * so the replies would not continue one history.
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

    /**
     * How many times the assistant may call tools before it answers one user message: a model that keeps
     * calling fails the item with a clear reason instead of calling forever.
     */
    public static final int MAX_TOOL_ROUNDS = 8;

    private final ModelGateway gateway;
    private final ModelEndpoint userModel;
    private final ModelEndpoint assistantModel;
    private final PromptSet prompts;
    private final Recipe.TurnRange turns;
    private final List<ToolSpecification> toolSpecifications;
    private final ToolResults toolResults;
    private final CallContext context;
    private final ReplyCandidates candidates;

    /** A writer whose assistant has no tools. */
    public RolePlayWriter(ModelGateway gateway, ModelEndpoint userModel, ModelEndpoint assistantModel, PromptSet prompts,
            Recipe.TurnRange turns, CallContext context) {
        this(gateway, userModel, assistantModel, prompts, turns, Tools.NONE, null, context, ReplyCandidates.NONE);
    }

    /**
     * A writer whose assistant is offered the recipe's tools; their calls are answered by {@code toolResults}
     * (which may be null when there are no tools).
     */
    public RolePlayWriter(ModelGateway gateway, ModelEndpoint userModel, ModelEndpoint assistantModel, PromptSet prompts,
            Recipe.TurnRange turns, Tools tools, ToolResults toolResults, CallContext context) {
        this(gateway, userModel, assistantModel, prompts, turns, tools, toolResults, context, ReplyCandidates.NONE);
    }

    /**
     * A writer that samples several assistant replies where {@code candidates} asks (when the recipe declares no
     * tools), and goes on with its choice.
     */
    public RolePlayWriter(ModelGateway gateway, ModelEndpoint userModel, ModelEndpoint assistantModel, PromptSet prompts,
            Recipe.TurnRange turns, Tools tools, ToolResults toolResults, CallContext context, ReplyCandidates candidates) {
        if (!tools.isEmpty() && toolResults == null) {
            throw new IllegalArgumentException("the recipe declares tools but nothing makes their results");
        }
        this.gateway = gateway;
        this.userModel = userModel;
        this.assistantModel = assistantModel;
        this.prompts = prompts;
        this.turns = turns;
        this.toolSpecifications = toolSpecifications(tools);
        this.toolResults = toolResults;
        this.context = context;
        this.candidates = candidates;
    }

    @Override
    public ModelAnswer<Dialogue> write(DialogueBrief brief) {
        List<Turn> history = new ArrayList<>();
        CallUsage usage = CallUsage.NONE;
        String traits = traits(brief);
        int spoken = 0;
        while (spoken < brief.messages()) {
            ModelAnswer<UserTurn> user = gateway.ask(userModel, userPrompt(brief, traits, history, spoken), USER_OUTPUT,
                    brief.seed() + spoken, context);
            usage = usage.plus(user.usage());
            history.add(new Turn(Turn.USER, user.value().message()));
            spoken++;

            int answers = (int) history.stream().filter(t -> t.isAssistant() && !t.callsTools()).count();
            int count = toolSpecifications.isEmpty() ? candidates.candidatesAt(answers + 1) : 1;
            if (count == 1) {
                usage = usage.plus(assistantTurn(brief, history));
            } else {
                List<ReplyCandidates.Sampled> replies = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long seed = ReplyCandidates.seed(brief.seed() + history.size(), i);
                    ModelAnswer<AiMessage> reply = gateway.chat(assistantModel,
                            assistantMessages(brief.systemPrompt(), history), List.of(), seed, context);
                    usage = usage.plus(reply.usage());
                    replies.add(new ReplyCandidates.Sampled(seed,
                            new Turn(Turn.ASSISTANT, textOf(reply.value())).withReasoning(reply.value().thinking())));
                }
                history.add(candidates.choose(brief, List.copyOf(history), replies));
            }
            spoken++;

            if (user.value().done() && spoken >= turns.min()) {
                break;
            }
        }
        return new ModelAnswer<>(new Dialogue(history), usage);
    }

    /**
     * The assistant's answer to the last user message, added to the history: while it calls tools, its calls
     * and their results (one {@code tool} turn per call, in the order called) are added and it is asked again,
     * up to {@link #MAX_TOOL_ROUNDS} times. Each assistant turn keeps the reasoning its model returned.
     */
    private CallUsage assistantTurn(DialogueBrief brief, List<Turn> history) {
        CallUsage usage = CallUsage.NONE;
        for (int round = 0; ; round++) {
            ModelAnswer<AiMessage> reply = gateway.chat(assistantModel, assistantMessages(brief.systemPrompt(), history),
                    toolSpecifications, brief.seed() + history.size(), context);
            usage = usage.plus(reply.usage());
            AiMessage answer = reply.value();
            String text = textOf(answer);
            if (!answer.hasToolExecutionRequests()) {
                history.add(new Turn(Turn.ASSISTANT, text).withReasoning(answer.thinking()));
                return usage;
            }
            if (toolSpecifications.isEmpty()) {
                throw new ModelCallException(ModelCallException.Kind.MALFORMED, "the assistant model "
                        + assistantModel.model() + " called tools, and the recipe declares none", null);
            }
            if (round == MAX_TOOL_ROUNDS) {
                throw new ModelCallException(ModelCallException.Kind.MALFORMED, "the assistant model "
                        + assistantModel.model() + " called tools " + MAX_TOOL_ROUNDS
                        + " times for one user message without answering it (the limit per turn)", null);
            }
            List<ToolCall> calls = toolCalls(answer.toolExecutionRequests(), history.size());
            history.add(Turn.toolCalling(text, calls).withReasoning(answer.thinking()));
            List<Turn> upToCalls = List.copyOf(history);
            for (ToolCall call : calls) {
                history.add(Turn.toolResult(call.id(), toolResults.resultOf(call, brief, upToCalls, context)));
            }
        }
    }

    /** What an answer says, empty when it only calls tools. */
    private static String textOf(AiMessage answer) {
        return answer.text() == null ? "" : answer.text();
    }

    /** The calls of one answer; a call without an id (some local servers send none) is numbered by its position. */
    private static List<ToolCall> toolCalls(List<ToolExecutionRequest> requests, int position) {
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest r = requests.get(i);
            String id = r.id() == null || r.id().isBlank() ? "call_" + position + "_" + (i + 1) : r.id();
            calls.add(new ToolCall(id, r.name(), r.arguments()));
        }
        return calls;
    }

    /** The recipe's functions as LangChain4j sends them: OpenAI's function shape, the parameters schema as written. */
    static List<ToolSpecification> toolSpecifications(Tools tools) {
        List<ToolSpecification> specifications = new ArrayList<>();
        for (ToolDefinition tool : tools.functions()) {
            ObjectNode function = JSON.createObjectNode();
            function.put("name", tool.name()).put("description", tool.description()).set("parameters", tool.parameters());
            specifications.add(ToolSpecification.fromJson(function.toString()));
        }
        return List.copyOf(specifications);
    }

    /**
     * What the assistant sees: its system prompt and the conversation, its own tool calls and their results
     * included, nothing of the plan, and never its earlier reasoning (providers ask for it not to be sent back).
     */
    static List<ChatMessage> assistantMessages(String systemPrompt, List<Turn> history) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(systemPrompt));
        Map<String, String> toolNames = new HashMap<>();
        for (Turn t : history) {
            if (t.callsTools()) {
                List<ToolExecutionRequest> requests = new ArrayList<>();
                for (ToolCall call : t.toolCalls()) {
                    toolNames.put(call.id(), call.name());
                    requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.arguments())
                            .build());
                }
                messages.add(t.content().isBlank() ? AiMessage.from(requests) : AiMessage.from(t.content(), requests));
            } else if (t.isTool()) {
                messages.add(ToolExecutionResultMessage.from(t.toolCallId(), toolNames.getOrDefault(t.toolCallId(), ""),
                        t.content()));
            } else {
                messages.add(t.isAssistant() ? AiMessage.from(t.content()) : UserMessage.from(t.content()));
            }
        }
        return messages;
    }

    private Prompt userPrompt(DialogueBrief brief, String traits, List<Turn> history, int spoken) {
        Map<String, String> values = new HashMap<>();
        values.put("language", brief.language());
        values.put("language_name", prompts.languageName(brief.language()));
        values.put("messages", Integer.toString(brief.messages()));
        values.put("cell", ModelDialogueWriter.cellLines(brief));
        values.put("traits", traits);
        values.put("examples", SeedExamples.userMessages(prompts, brief.examples()));
        values.put("conversation", conversation(history));
        values.put("next", Integer.toString(spoken + 1));
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

    /** The conversation as the user saw it: the tool calls, their results and the reasoning happen out of sight. */
    private static String conversation(List<Turn> history) {
        ArrayNode array = JSON.createArrayNode();
        for (Turn t : history) {
            if (!t.isTool() && !t.content().isBlank()) {
                array.addObject().put("role", t.role()).put("content", t.content());
            }
        }
        return array.toPrettyString();
    }
}
