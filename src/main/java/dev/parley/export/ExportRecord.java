package dev.parley.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.recipe.ToolDefinition;

/**
 * One training example on its way to a file: the messages (system prompt first), a training weight
 * per message, the plan cell it covers, the judge's scores and where it came from. Every exporter
 * writes from this record, so all formats carry the same content.
 * <p>Past 300 lines because its message and provenance types and the ways a record is cut for a trainer
 * (before the first mask, per trained turn, system folded) are what every format shares, and belong together.
 *
 * @param id         stable id: {@code <run id>/<seq>} for a synthetic dialogue, {@code real/<file>:<line>} for a real one
 * @param messages   the system prompt (if any) first, then user and assistant messages
 * @param cell       the plan cell the dialogue covers (dimension to value); empty for real dialogues
 * @param score      the judge's weighted mean score, when the record was judged
 * @param scores     the judge's score per rubric criterion
 * @param provenance where the record came from
 * @param tools      the functions the assistant could call (the recipe's), empty when it had none
 */
public record ExportRecord(String id, List<Message> messages, Map<String, String> cell, OptionalDouble score,
        Map<String, Integer> scores, Provenance provenance, List<ToolDefinition> tools) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";
    /** The roles a message may have. */
    public static final Set<String> ROLES = Set.of(SYSTEM, USER, ASSISTANT, TOOL);

    /** A record whose assistant had no tools. */
    public ExportRecord(String id, List<Message> messages, Map<String, String> cell, OptionalDouble score,
            Map<String, Integer> scores, Provenance provenance) {
        this(id, messages, cell, score, scores, provenance, List.of());
    }

    public ExportRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provenance, "provenance");
        tools = tools == null ? List.of() : List.copyOf(tools);
        messages = List.copyOf(messages);
        cell = Collections.unmodifiableMap(new LinkedHashMap<>(cell == null ? Map.of() : cell));
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores == null ? Map.of() : scores));
        score = score == null ? OptionalDouble.empty() : score;
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).isSystem()) {
                throw new IllegalArgumentException("record " + id + ": only the first message may be a system message");
            }
        }
        if (messages.stream().noneMatch(Message::isAssistant)) {
            throw new IllegalArgumentException("record " + id + " has no assistant message");
        }
    }

    /**
     * One message with its training weight.
     *
     * @param role       {@code system}, {@code user}, {@code assistant} or {@code tool}
     * @param content    what is said, or a tool's result
     * @param weight     for assistant messages, 1 to train on the turn and 0 to keep it only as context
     *                   (the judge scored it under the turn floor); always 1 for other roles
     * @param toolCalls  the tools an assistant message calls (empty for every other message)
     * @param toolCallId for a {@code tool} message, the id of the call it answers
     * @param reasoning  for an assistant message, the reasoning its model returned before it; null for none
     */
    public record Message(String role, String content, int weight, List<ToolCall> toolCalls, String toolCallId,
            String reasoning) {
        public Message {
            Objects.requireNonNull(role, "role");
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown message role '" + role + "' (known: system, user, assistant,"
                        + " tool)");
            }
            content = content == null ? "" : content;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            if (!toolCalls.isEmpty() && !ASSISTANT.equals(role)) {
                throw new IllegalArgumentException("only assistant messages call tools, not " + role);
            }
            if (weight != 0 && weight != 1) {
                throw new IllegalArgumentException("a message weight is 0 or 1, got " + weight);
            }
            if (weight == 0 && !ASSISTANT.equals(role)) {
                throw new IllegalArgumentException("only assistant messages can be masked (weight 0), not " + role);
            }
            reasoning = reasoning == null || reasoning.isBlank() ? null : reasoning;
            if (reasoning != null && !ASSISTANT.equals(role)) {
                throw new IllegalArgumentException("only assistant messages carry reasoning, not " + role);
            }
        }

        /** A message without tool calls or reasoning. */
        public Message(String role, String content, int weight) {
            this(role, content, weight, List.of(), null, null);
        }

        /** A message without tool calls. */
        public Message(String role, String content, int weight, String reasoning) {
            this(role, content, weight, List.of(), null, reasoning);
        }

        /** A message without reasoning. */
        public Message(String role, String content, int weight, List<ToolCall> toolCalls, String toolCallId) {
            this(role, content, weight, toolCalls, toolCallId, null);
        }

        public static Message of(String role, String content) {
            return new Message(role, content, 1);
        }

        /** A dialogue's turn as a message, with its tool calls or the call it answers, and an assistant's reasoning. */
        public static Message of(Turn turn, int weight) {
            return new Message(turn.role(), turn.content(), weight, turn.toolCalls(), turn.toolCallId(),
                    turn.isAssistant() ? turn.reasoning() : null);
        }

        /** This message saying {@code newContent}, without reasoning, everything else kept. */
        Message withContentOnly(String newContent) {
            return new Message(role, newContent, weight, toolCalls, toolCallId, null);
        }

        public boolean isTool() {
            return TOOL.equals(role);
        }

        public boolean callsTools() {
            return !toolCalls.isEmpty();
        }

        public boolean isSystem() {
            return SYSTEM.equals(role);
        }

        public boolean isAssistant() {
            return ASSISTANT.equals(role);
        }

        /** An assistant message kept for context only. */
        public boolean masked() {
            return weight == 0;
        }

        /** 1 when a trainer should learn from this message (an unmasked assistant turn), else 0. */
        public int trainMask() {
            return isAssistant() && !masked() ? 1 : 0;
        }
    }

    /** Where a record came from. */
    public enum Origin {
        /** Made by Parley in a run. */
        SYNTHETIC,
        /** Read from a file of real dialogues the user mixed in. */
        REAL;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Where one record came from.
     *
     * @param origin             synthetic or real
     * @param source             the run id for synthetic records, the file name for real ones
     * @param position           the plan position (item seq) or the line in the file (1-based)
     * @param generator          the model that wrote it
     * @param judge              the model that judged it (or the judge panel)
     * @param seed               the seed the dialogue was written with
     * @param offlineDemo        true when Parley's offline demo model wrote or judged it
     * @param userSimulator      the model that wrote the user turns: the user simulator in role-play mode, the
     *                           generator in whole-dialogue mode
     * @param recipeHash         SHA-256 of the recipe as stored with the run
     * @param promptHashes       SHA-256 of every prompt file the run used, by file name
     * @param revisions          how many times the dialogue was revised before it was accepted
     * @param seedSyntheticDepth the synthetic depth of the seed examples the run learned from, as the recipe
     *                           declares it (0: real seeds, 1: seeds that were themselves generated, …); 0 for real records
     * @param decisions          the people's decisions in force that made the dialogue what it is, oldest first
     * @param author             the person who wrote the exported version, when it is a person's edit
     * @param tags               the tags people put on the dialogue
     */
    public record Provenance(Origin origin, String source, int position, Optional<String> generator,
            Optional<String> judge, OptionalLong seed, boolean offlineDemo, Optional<String> userSimulator,
            Optional<String> recipeHash, Map<String, String> promptHashes, int revisions, int seedSyntheticDepth,
            List<PersonDecision> decisions, Optional<String> author, List<String> tags) {
        public Provenance {
            tags = tags == null ? List.of() : List.copyOf(tags);
            decisions = decisions == null ? List.of() : List.copyOf(decisions);
            author = author == null ? Optional.empty() : author;
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(source, "source");
            generator = generator == null ? Optional.empty() : generator;
            judge = judge == null ? Optional.empty() : judge;
            seed = seed == null ? OptionalLong.empty() : seed;
            userSimulator = userSimulator == null ? Optional.empty() : userSimulator;
            recipeHash = recipeHash == null ? Optional.empty() : recipeHash;
            promptHashes = Collections.unmodifiableMap(new java.util.TreeMap<>(promptHashes == null ? Map.of() : promptHashes));
            if (revisions < 0 || seedSyntheticDepth < 0) {
                throw new IllegalArgumentException("revisions and synthetic depth are ≥ 0");
            }
        }

        /** Provenance that no person's decision shaped. */
        public Provenance(Origin origin, String source, int position, Optional<String> generator,
                Optional<String> judge, OptionalLong seed, boolean offlineDemo, Optional<String> userSimulator,
                Optional<String> recipeHash, Map<String, String> promptHashes, int revisions, int seedSyntheticDepth) {
            this(origin, source, position, generator, judge, seed, offlineDemo, userSimulator, recipeHash, promptHashes,
                    revisions, seedSyntheticDepth, List.of(), Optional.empty(), List.of());
        }

        /** Provenance with models, seed and origin only (no hashes, no revisions, seeds of depth 0). */
        public Provenance(Origin origin, String source, int position, Optional<String> generator, Optional<String> judge,
                OptionalLong seed, boolean offlineDemo) {
            this(origin, source, position, generator, judge, seed, offlineDemo, Optional.empty(), Optional.empty(),
                    Map.of(), 0, 0);
        }

        public static Provenance real(String file, int line) {
            return new Provenance(Origin.REAL, file, line, Optional.empty(), Optional.empty(), OptionalLong.empty(), false);
        }

        /** True for everything Parley generated, false for real dialogues mixed in. */
        public boolean synthetic() {
            return origin == Origin.SYNTHETIC;
        }
    }

    /**
     * A person's decision that shaped a record.
     *
     * @param action {@code accept}, {@code reject} or {@code edit}
     * @param by     who decided
     * @param at     when
     */
    public record PersonDecision(String action, String by, Instant at) {
        public PersonDecision {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The system prompt, when the record has one. */
    public Optional<String> systemPrompt() {
        return !messages.isEmpty() && messages.getFirst().isSystem() ? Optional.of(messages.getFirst().content())
                : Optional.empty();
    }

    /** The messages after the system prompt. */
    public List<Message> conversation() {
        return systemPrompt().isPresent() ? messages.subList(1, messages.size()) : messages;
    }

    /** Whether the assistant could call tools or any message calls one or answers one. */
    public boolean hasTools() {
        return !tools.isEmpty() || messages.stream().anyMatch(m -> m.callsTools() || m.isTool());
    }

    /** Assistant turns kept for context only. */
    public int maskedTurns() {
        return (int) messages.stream().filter(Message::masked).count();
    }

    /** Assistant turns a trainer should learn from: the unmasked ones. */
    public int trainedTurns() {
        return (int) messages.stream().filter(m -> m.trainMask() == 1).count();
    }

    /**
     * The record cut to end before its first masked turn, for trainers that learn every assistant
     * turn of a record: its last message is the trained assistant turn before that masked turn. Empty
     * when the first assistant turn is masked. A record with no masked turn comes back unchanged.
     */
    Optional<ExportRecord> beforeFirstMask() {
        int end = -1;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.masked()) {
                break;
            }
            if (m.isAssistant()) {
                end = i;
            }
        }
        if (end < 0) {
            return Optional.empty();
        }
        return Optional.of(end == messages.size() - 1 ? this : withMessages(messages.subList(0, end + 1)));
    }

    /**
     * One record per trained assistant turn, each ending at that turn with everything before it as
     * history (masked turns included, as context), for trainers that learn only the last turn.
     */
    List<ExportRecord> perTrainedTurn() {
        List<ExportRecord> records = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).trainMask() == 1) {
                records.add(i == messages.size() - 1 ? this : withMessages(messages.subList(0, i + 1)));
            }
        }
        return records;
    }

    /**
     * The record with its system prompt moved to the start of the first user message (a blank line
     * between), for chat templates that have no system role; unchanged when it has no system prompt.
     */
    ExportRecord withSystemFolded() {
        if (systemPrompt().isEmpty()) {
            return this;
        }
        List<Message> folded = new ArrayList<>(conversation());
        int user = 0;
        while (user < folded.size() && !USER.equals(folded.get(user).role())) {
            user++;
        }
        String system = systemPrompt().get();
        if (user < folded.size()) {
            folded.set(user, Message.of(USER, system + "\n\n" + folded.get(user).content()));
        } else {
            folded.addFirst(Message.of(USER, system));
        }
        return withMessages(folded);
    }

    /**
     * The record with its assistant messages' reasoning written in the given form: left out ({@code omit}),
     * kept for a {@code reasoning_content} field ({@code field}), or moved into a {@code <think>} block at the
     * start of the content ({@code think}). A record without reasoning comes back unchanged.
     */
    ExportRecord withReasoning(ReasoningForm form) {
        if (form == ReasoningForm.FIELD || messages.stream().allMatch(m -> m.reasoning() == null)) {
            return this;
        }
        List<Message> written = new ArrayList<>();
        for (Message m : messages) {
            String content = form == ReasoningForm.THINK && m.reasoning() != null
                    ? ReasoningForm.thinkBlock(m.reasoning(), m.content()) : m.content();
            written.add(m.withContentOnly(content));
        }
        return withMessages(written);
    }

    private ExportRecord withMessages(List<Message> kept) {
        return new ExportRecord(id, kept, cell, score, scores, provenance, tools);
    }

    /** The stratum a record belongs to when splitting: its plan cell, or its origin when it has none. */
    public String cellKey() {
        if (cell.isEmpty()) {
            return "origin=" + provenance.origin().key();
        }
        return cell.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("|"));
    }

    /** The conversation's text without the system prompt, for similarity and diversity measures. */
    public String text() {
        return conversation().stream().map(Message::content).collect(Collectors.joining("\n"));
    }

    /** Approximate token count of the whole record (see {@link TokenEstimate}). */
    public int tokens() {
        return TokenEstimate.of(messages);
    }
}
