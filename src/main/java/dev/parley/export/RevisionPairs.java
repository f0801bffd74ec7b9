package dev.parley.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.parley.dialogue.Turn;
import dev.parley.judge.TurnScore;
import dev.parley.judge.Verdict;
import dev.parley.recipe.Recipe;
import dev.parley.store.ItemVersion;

/**
 * Preference pairs from revisions: each judged version the models wrote against the version it revised.
 *
 * <p>The rule, which keeps every pair's prompt the exact history both sides saw: two consecutive model versions
 * are compared at the first message where they differ. That message must be an assistant turn in both, and the
 * judge must have scored it in both verdicts; the pair's prompt is the system prompt and every message before it,
 * the same in both versions by construction; chosen is the newer turn, rejected the older, each with its turn
 * score. Nothing later in the dialogue is paired: once a turn differs, every later turn of the two versions
 * follows a different history. So a revision that rewrote two weak turns gives one pair (its first), a rewrite
 * whose first change is a user message gives none, and a person's edit (no score, an author) is never a side.
 * A revision a gate turned away was never judged or stored as a version, so it is never a side either.
 *
 * <p>The pair is a {@link PreferencePair.Source#TURN_REVISION} when the reviser was asked for the weak turns only
 * (revise mode {@code turns} and turns masked by the earlier verdict, as {@code judge.ModelDialogueReviser} decides)
 * and a {@link PreferencePair.Source#DIALOGUE_REVISION} when it rewrote the whole dialogue.
 */
public final class RevisionPairs implements PreferenceSource {

    static final String USER_FIRST = "a user message differs first";
    static final String LATER_TURNS = "a later rewritten turn (its history differs)";
    static final String UNSCORED = "the differing turn is not scored in both versions";
    static final String ENDS = "one version ends before the difference";
    static final String NOT_BETTER = "the rewrite does not score higher";

    /**
     * A dialogue that reaches the trainer, with its stored versions.
     *
     * @param seq      its plan position
     * @param cell     its plan cell
     * @param versions every stored version, oldest first (people's edits included; they are skipped)
     */
    public record Revised(int seq, Map<String, String> cell, List<ItemVersion> versions) {
        public Revised {
            cell = cell == null ? Map.of() : Map.copyOf(cell);
            versions = List.copyOf(versions);
        }
    }

    private final String runId;
    private final Optional<String> systemPrompt;
    private final String reviseMode;
    private final List<Revised> dialogues;

    /**
     * @param systemPrompt the run's system prompt, which starts every prompt
     * @param reviseMode   the recipe's {@code judge.revise.mode}
     * @param dialogues    the dialogues that reach the trainer, with their versions
     */
    public RevisionPairs(String runId, Optional<String> systemPrompt, String reviseMode, List<Revised> dialogues) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.systemPrompt = systemPrompt.filter(s -> !s.isBlank());
        this.reviseMode = Objects.requireNonNull(reviseMode, "reviseMode");
        this.dialogues = List.copyOf(dialogues);
    }

    @Override
    public Offer offer() {
        List<PreferencePair> pairs = new ArrayList<>();
        Map<String, Integer> unpaired = new HashMap<>();
        for (Revised d : dialogues) {
            List<ItemVersion> written = d.versions().stream()
                    .filter(v -> v.author() == null && v.score() != null && v.verdict() != null).toList();
            for (int i = 1; i < written.size(); i++) {
                compare(d, written.get(i - 1), written.get(i)).ifPresent(pairs::add);
                reasons(written.get(i - 1), written.get(i)).forEach(r -> unpaired.merge(r, 1, Integer::sum));
            }
        }
        return new Offer(pairs, unpaired);
    }

    /** The pair two consecutive versions make, if any. */
    Optional<PreferencePair> compare(Revised d, ItemVersion older, ItemVersion newer) {
        List<Turn> a = older.dialogue().turns();
        List<Turn> b = newer.dialogue().turns();
        int p = firstDifference(a, b);
        if (p < 0 || p >= a.size() || p >= b.size() || !a.get(p).isAssistant() || !b.get(p).isAssistant()) {
            return Optional.empty();
        }
        Optional<Integer> rejectedScore = turnScore(older.verdict(), p + 1);
        Optional<Integer> chosenScore = turnScore(newer.verdict(), p + 1);
        if (rejectedScore.isEmpty() || chosenScore.isEmpty() || chosenScore.get() <= rejectedScore.get()) {
            return Optional.empty();
        }
        return Optional.of(new PreferencePair(runId, d.seq(), p + 1, d.cell(), PreferencePair.promptOf(systemPrompt,
                a.subList(0, p)), PreferencePair.messagesOf(List.of(b.get(p))), PreferencePair.messagesOf(List.of(a.get(p))),
                chosenScore.get(), rejectedScore.get(), source(older), PreferencePair.Side.version(newer.version()),
                PreferencePair.Side.version(older.version())));
    }

    /** Why two consecutive versions made no pair, or made one but left later rewritten turns unpaired. */
    private static List<String> reasons(ItemVersion older, ItemVersion newer) {
        List<Turn> a = older.dialogue().turns();
        List<Turn> b = newer.dialogue().turns();
        int p = firstDifference(a, b);
        if (p < 0) {
            return List.of();
        }
        if (p >= a.size() || p >= b.size()) {
            return List.of(ENDS);
        }
        if (!a.get(p).isAssistant() || !b.get(p).isAssistant()) {
            return List.of(USER_FIRST);
        }
        List<String> reasons = new ArrayList<>();
        Optional<Integer> rejected = turnScore(older.verdict(), p + 1);
        Optional<Integer> chosen = turnScore(newer.verdict(), p + 1);
        if (rejected.isEmpty() || chosen.isEmpty()) {
            reasons.add(UNSCORED);
        } else if (chosen.get() <= rejected.get()) {
            reasons.add(NOT_BETTER);
        }
        for (int i = p + 1; i < Math.min(a.size(), b.size()); i++) {
            if (a.get(i).isAssistant() && b.get(i).isAssistant() && !a.get(i).content().equals(b.get(i).content())) {
                reasons.add(LATER_TURNS);
            }
        }
        return reasons;
    }

    /** The first 0-based position where the two dialogues differ (role or content), or -1 when they are the same. */
    static int firstDifference(List<Turn> a, List<Turn> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!a.get(i).role().equals(b.get(i).role()) || !a.get(i).content().equals(b.get(i).content())) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : n;
    }

    private static Optional<Integer> turnScore(Verdict verdict, int position) {
        return verdict.turns().stream().filter(t -> t.turn() == position).map(TurnScore::score).findFirst();
    }

    /** A turn revision when the reviser rewrote only the turns the earlier verdict masked; a dialogue revision otherwise. */
    private PreferencePair.Source source(ItemVersion older) {
        return Recipe.Revise.TURNS.equals(reviseMode) && !older.verdict().maskedTurns().isEmpty()
                ? PreferencePair.Source.TURN_REVISION
                : PreferencePair.Source.DIALOGUE_REVISION;
    }
}
