package dev.parley.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.store.CandidatePair;

/**
 * Preference pairs made on purpose: the candidates the run sampled (several assistant replies at a role-play
 * turn, or several dialogues for one plan cell sharing their opening), as the engine paired them, the best
 * against the worst when their scores lie at least the recipe's margin apart.
 *
 * <p>Only dialogues that reach the trainer give pairs, as for revisions: a pair of a dialogue the judge or a
 * person rejected is left out and counted. Each pair's prompt is the system prompt and the history both
 * candidates were sampled after, exactly as stored.
 */
public final class CandidatePairs implements PreferenceSource {

    static final String NOT_ACCEPTED = "the dialogue does not reach the trainer";

    private final String runId;
    private final Optional<String> systemPrompt;
    private final List<CandidatePair> stored;
    private final Map<Integer, Map<String, String>> acceptedCells;

    /**
     * @param systemPrompt  the run's system prompt, which starts every prompt
     * @param stored        every pair the run's sampling made, whatever became of its dialogue
     * @param acceptedCells the plan cell of every dialogue that reaches the trainer, by plan position
     */
    public CandidatePairs(String runId, Optional<String> systemPrompt, List<CandidatePair> stored,
            Map<Integer, Map<String, String>> acceptedCells) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.systemPrompt = systemPrompt.filter(s -> !s.isBlank());
        this.stored = List.copyOf(stored);
        this.acceptedCells = Map.copyOf(acceptedCells);
    }

    @Override
    public Offer offer() {
        List<PreferencePair> pairs = new ArrayList<>();
        Map<String, Integer> unpaired = new HashMap<>();
        for (CandidatePair c : stored) {
            Map<String, String> cell = acceptedCells.get(c.seq());
            if (cell == null) {
                unpaired.merge(NOT_ACCEPTED, 1, Integer::sum);
                continue;
            }
            pairs.add(new PreferencePair(runId, c.seq(), c.turnIndex() + 1, cell,
                    PreferencePair.promptOf(systemPrompt, c.history()), PreferencePair.messagesOf(c.chosen()),
                    PreferencePair.messagesOf(c.rejected()), c.chosenScore(), c.rejectedScore(), source(c.source()),
                    PreferencePair.Side.candidate(c.chosenSeed()), PreferencePair.Side.candidate(c.rejectedSeed())));
        }
        return new Offer(pairs, unpaired);
    }

    private static PreferencePair.Source source(CandidatePair.Source source) {
        return switch (source) {
            case TURN_CANDIDATES -> PreferencePair.Source.TURN_CANDIDATES;
            case DIALOGUE_CANDIDATES -> PreferencePair.Source.DIALOGUE_CANDIDATES;
        };
    }
}
