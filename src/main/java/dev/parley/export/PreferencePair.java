package dev.parley.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.parley.dialogue.Turn;

/**
 * One preference pair on its way to a file: the exact history both sides saw, the side the judge scored higher
 * and the side it scored lower, both scores and where the pair came from. Every preference format writes from
 * this record, whichever way the pair was made.
 *
 * @param runId         the run
 * @param seq           the plan position of the dialogue the pair belongs to (its split follows that dialogue's)
 * @param turn          the 1-based message position of the compared assistant turn in the dialogue
 * @param cell          the dialogue's plan cell
 * @param prompt        the system prompt (when the run has one) and every message before the compared turn
 * @param chosen        the preferred continuation: one or more messages, the first an assistant message
 * @param rejected      the other continuation, likewise
 * @param chosenScore   the judge's score of the chosen side
 * @param rejectedScore the judge's score of the rejected side
 * @param source        how the pair was made
 * @param chosenFrom    which stored version or sampled candidate the chosen side is
 * @param rejectedFrom  which stored version or sampled candidate the rejected side is
 */
public record PreferencePair(String runId, int seq, int turn, Map<String, String> cell, List<ExportRecord.Message> prompt,
        List<ExportRecord.Message> chosen, List<ExportRecord.Message> rejected, double chosenScore,
        double rejectedScore, Source source, Side chosenFrom, Side rejectedFrom) {

    /** How a pair was made. */
    public enum Source {
        /** A weak assistant turn rewritten on its own (revise mode {@code turns}): the rewrite against the original. */
        TURN_REVISION,
        /** A whole dialogue rewritten (revise mode {@code whole}): compared at the first assistant turn that differs. */
        DIALOGUE_REVISION,
        /** Several assistant candidates sampled for one turn in role-play. */
        TURN_CANDIDATES,
        /** Several dialogues written for one plan cell. */
        DIALOGUE_CANDIDATES;

        /** The name used in files: {@code turn-revision}, … */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Which stored text one side of a pair is: a version of the item's dialogue ({@code item_versions}) or a
     * sampled candidate, named by the seed it was sampled with.
     *
     * @param version       the dialogue's version, for pairs from revisions
     * @param candidateSeed the candidate's seed, for pairs from sampled candidates
     */
    public record Side(OptionalInt version, OptionalLong candidateSeed) {
        public Side {
            version = version == null ? OptionalInt.empty() : version;
            candidateSeed = candidateSeed == null ? OptionalLong.empty() : candidateSeed;
            if (version.isPresent() == candidateSeed.isPresent()) {
                throw new IllegalArgumentException("a side of a pair is either a version or a candidate");
            }
        }

        public static Side version(int version) {
            return new Side(OptionalInt.of(version), OptionalLong.empty());
        }

        public static Side candidate(long seed) {
            return new Side(OptionalInt.empty(), OptionalLong.of(seed));
        }

        /** {@code v2}, or {@code c<seed>}. */
        public String key() {
            return version.isPresent() ? "v" + version.getAsInt() : "c" + candidateSeed.getAsLong();
        }
    }

    public PreferencePair {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(chosenFrom, "chosenFrom");
        Objects.requireNonNull(rejectedFrom, "rejectedFrom");
        cell = Collections.unmodifiableMap(new LinkedHashMap<>(cell == null ? Map.of() : cell));
        prompt = List.copyOf(prompt);
        chosen = List.copyOf(chosen);
        rejected = List.copyOf(rejected);
        if (turn < 1) {
            throw new IllegalArgumentException("pair " + runId + "/" + seq + ": the turn is a 1-based position, got " + turn);
        }
        if (prompt.isEmpty() || prompt.getLast().isAssistant() || prompt.getLast().isSystem()) {
            throw new IllegalArgumentException("pair " + runId + "/" + seq + ": the prompt must end with a user message");
        }
        for (int i = 1; i < prompt.size(); i++) {
            if (prompt.get(i).isSystem()) {
                throw new IllegalArgumentException("pair " + runId + "/" + seq + ": only the first message may be a system message");
            }
        }
        for (List<ExportRecord.Message> side : List.of(chosen, rejected)) {
            if (side.isEmpty() || !side.getFirst().isAssistant()) {
                throw new IllegalArgumentException("pair " + runId + "/" + seq + ": each side must start with an assistant message");
            }
        }
        if (chosen.equals(rejected)) {
            throw new IllegalArgumentException("pair " + runId + "/" + seq + ": chosen and rejected are the same");
        }
        if (!Double.isFinite(chosenScore) || !Double.isFinite(rejectedScore) || chosenScore <= rejectedScore) {
            throw new IllegalArgumentException("pair " + runId + "/" + seq + ": the chosen side must score higher ("
                    + chosenScore + " vs " + rejectedScore + ")");
        }
    }

    /** How far the chosen side's score lies above the rejected side's. */
    public double margin() {
        return chosenScore - rejectedScore;
    }

    /** The id of the dialogue the pair belongs to, as its {@link ExportRecord#id()}. */
    public String dialogueId() {
        return runId + "/" + seq;
    }

    /** A stable id: {@code <run>/<seq>/<turn>/<rejected side>-<chosen side>}, e.g. {@code r1/7/4/v1-v2}. */
    public String id() {
        return dialogueId() + "/" + turn + "/" + rejectedFrom.key() + "-" + chosenFrom.key();
    }

    /**
     * The pair with its system prompt moved to the start of the first user message of the prompt (a blank line
     * between), as {@link ExportRecord#withSystemFolded()} does for dialogues; unchanged when it has no system prompt.
     */
    PreferencePair withSystemFolded() {
        if (systemPrompt().isEmpty()) {
            return this;
        }
        List<ExportRecord.Message> folded = new ArrayList<>(prompt.subList(1, prompt.size()));
        int user = 0;
        while (!ExportRecord.USER.equals(folded.get(user).role())) {
            user++;
        }
        folded.set(user, ExportRecord.Message.of(ExportRecord.USER, systemPrompt().get() + "\n\n" + folded.get(user).content()));
        return new PreferencePair(runId, seq, turn, cell, folded, chosen, rejected, chosenScore, rejectedScore, source,
                chosenFrom, rejectedFrom);
    }

    /**
     * A pair's prompt as every source writes it: the system prompt (when there is one) and the history's messages,
     * as role and text.
     */
    static List<ExportRecord.Message> promptOf(Optional<String> systemPrompt, List<Turn> history) {
        List<ExportRecord.Message> prompt = new ArrayList<>();
        systemPrompt.ifPresent(s -> prompt.add(ExportRecord.Message.of(ExportRecord.SYSTEM, s)));
        prompt.addAll(messagesOf(history));
        return prompt;
    }

    /** Turns as a pair's messages: role, text, and the tool calls made or answered (no reasoning). */
    static List<ExportRecord.Message> messagesOf(List<Turn> turns) {
        return turns.stream().map(t -> new ExportRecord.Message(t.role(), t.content(), 1, t.toolCalls(), t.toolCallId()))
                .toList();
    }

    /** Whether a message of the pair calls a tool or is a tool's result. */
    boolean hasToolTurns() {
        return Stream.of(prompt, chosen, rejected).flatMap(List::stream)
                .anyMatch(m -> m.callsTools() || m.isTool());
    }

    /** The system prompt, when the prompt starts with one. */
    public Optional<String> systemPrompt() {
        return prompt.getFirst().isSystem() ? Optional.of(prompt.getFirst().content()) : Optional.empty();
    }
}
