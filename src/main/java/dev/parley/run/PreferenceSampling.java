package dev.parley.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.generate.DialogueBrief;
import dev.parley.generate.ModelDialogueWriter;
import dev.parley.generate.ReplyCandidates;
import dev.parley.judge.DialogueJudge;
import dev.parley.judge.TurnScore;
import dev.parley.judge.Verdict;
import dev.parley.llm.CallUsage;
import dev.parley.llm.ModelAnswer;
import dev.parley.quality.Gate;
import dev.parley.quality.NgramOverlap;
import dev.parley.quality.PiiDetector;
import dev.parley.quality.Rejection;
import dev.parley.recipe.Preference;
import dev.parley.store.PreferenceCandidate;
import dev.parley.store.PreferenceCandidate.Side;
import dev.parley.store.PreferenceCandidates;
import dev.parley.store.CandidatePair.Source;

/**
 * Candidates sampled on purpose for preference pairs, for one item: at a role-play assistant turn, the
 * replies sampled after the same conversation; in whole-dialogue mode, the dialogues written for the item's
 * cell, those after the first asked to open with the first one's user message. Each candidate passes the
 * run's gates that judge a dialogue on its own, is scored by the run's judge with its rubric, and the group
 * is stored with its pair, if it gives one; the dialogue goes on with the best candidate that passed.
 *
 * <p>The rules: a candidate a privacy gate (personal data or secrets, memorisation, decontamination) turns
 * away is neither judged nor on any side of a pair, since its text must not be trained on even as the
 * rejected side. One another gate turns away is judged and may be the rejected side, never the chosen one.
 * The chosen side is the best-scored candidate that passed, the one the dialogue goes on with; the rejected
 * side the worst-scored candidate that saw the same history; they are a pair when the scores differ by at
 * least the recipe's margin. A role-play candidate's score is the judge's score of its turn in the dialogue
 * so far ending with it (the verdict's mean when the judge scored no such turn); a whole dialogue's is the
 * verdict's mean.
 */
final class PreferenceSampling implements ReplyCandidates {

    /** Gates whose rejection keeps a candidate out of every pair. */
    static final Set<String> PRIVACY_GATES = Set.of(PiiDetector.GATE, NgramOverlap.MEMORISATION,
            NgramOverlap.DECONTAMINATION);
    /** Allowance for scores that are weighted means when the margin is compared. */
    private static final double TOLERANCE = 1e-9;

    private final Preference preference;
    private final GateChain gates;
    private final DialogueJudge judge;
    private final PreferenceCandidates store;
    private final String runId;
    private final int seq;

    /**
     * @param gates the run's gates that judge a dialogue on its own (for role-play replies, without the
     *              structure check, which a dialogue in the middle cannot pass)
     */
    PreferenceSampling(Preference preference, GateChain gates, DialogueJudge judge, PreferenceCandidates store,
            String runId, int seq) {
        this.preference = preference;
        this.gates = gates;
        this.judge = judge;
        this.store = store;
        this.runId = runId;
        this.seq = seq;
    }

    /**
     * One candidate after its gates.
     *
     * @param index     its number in its group
     * @param seed      the seed it was sampled with
     * @param history   what it saw, as the gates handed it on
     * @param turns     what it wrote after the history, as the gates handed it on
     * @param rejection the gate that turned it away, if one did
     */
    record Checked(int index, long seed, List<Turn> history, List<Turn> turns, Optional<Rejection> rejection) {
        Checked {
            history = List.copyOf(history);
            turns = List.copyOf(turns);
            Objects.requireNonNull(rejection, "rejection");
        }

        boolean passed() {
            return rejection.isEmpty();
        }

        /** Whether the judge scores it: it says something, and no privacy gate turned it away. */
        boolean judged() {
            return !turns.isEmpty() && rejection.map(r -> !PRIVACY_GATES.contains(r.gate())).orElse(true);
        }

        Dialogue dialogue() {
            List<Turn> all = new ArrayList<>(history);
            all.addAll(turns);
            return new Dialogue(all);
        }
    }

    @Override
    public int candidatesAt(int assistantTurn) {
        return preference.candidatesAt(assistantTurn);
    }

    @Override
    public Turn choose(DialogueBrief brief, List<Turn> history, List<Sampled> candidates) {
        List<Checked> group = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            List<Turn> all = new ArrayList<>(history);
            all.add(candidates.get(i).turn());
            Gate.Result result = gates.check(seq, new Dialogue(all), brief.language(), brief.cell());
            List<Turn> gated = result.dialogue().turns();
            group.add(new Checked(i, candidates.get(i).seed(), gated.subList(0, history.size()),
                    gated.subList(history.size(), gated.size()), result.rejection()));
        }
        List<PreferenceCandidate> decided = decide(group, scores(group, c -> turnScore(brief, c)),
                preference.minMargin());
        store.record(runId, seq, history.size(), Source.TURN_CANDIDATES, decided);
        return continued(decided).turns().get(0);
    }

    /**
     * Whole-dialogue mode: writes the item's candidates, the first with the item's own seed and the others
     * with derived seeds, asked to open with the first one's user message; returns the one the item goes on
     * with (the gates of the item's next step check it again, with the run-wide ones).
     */
    ModelAnswer<Dialogue> write(ModelDialogueWriter writer, DialogueBrief brief) {
        ModelAnswer<Dialogue> first = writer.write(brief);
        CallUsage usage = first.usage();
        List<Turn> opening = opening(first.value());
        List<Checked> group = new ArrayList<>();
        group.add(checkWhole(0, brief.seed(), first.value(), brief));
        for (int i = 1; i < preference.candidates(); i++) {
            long seed = ReplyCandidates.seed(brief.seed(), i);
            ModelAnswer<Dialogue> written = opening.isEmpty() ? writer.write(brief.withSeed(seed))
                    : writer.write(brief.withSeed(seed), opening.get(0).content());
            usage = usage.plus(written.usage());
            group.add(checkWhole(i, seed, written.value(), brief));
        }
        List<PreferenceCandidate> decided = decide(group, scores(group, c -> judge.judge(brief, c.dialogue())
                .value().meanScore()), preference.minMargin());
        // One group per item, named by the history a pair of it has: the opening user message.
        store.record(runId, seq, 1, Source.DIALOGUE_CANDIDATES, decided);
        PreferenceCandidate best = continued(decided);
        List<Turn> dialogue = new ArrayList<>(best.history());
        dialogue.addAll(best.turns());
        return new ModelAnswer<>(new Dialogue(dialogue), usage);
    }

    /** The first user message of a dialogue that opens with one, as its history; otherwise none. */
    private static List<Turn> opening(Dialogue dialogue) {
        return !dialogue.turns().isEmpty() && Turn.USER.equals(dialogue.turns().get(0).role())
                ? List.of(dialogue.turns().get(0)) : List.of();
    }

    private Checked checkWhole(int index, long seed, Dialogue written, DialogueBrief brief) {
        Gate.Result result = gates.check(seq, written, brief.language(), brief.cell());
        Dialogue gated = result.dialogue();
        int split = opening(gated).size();
        return new Checked(index, seed, gated.turns().subList(0, split), gated.turns().subList(split, gated.size()),
                result.rejection());
    }

    /** How the judge scores one candidate. */
    @FunctionalInterface
    interface Scorer {
        double score(Checked candidate);
    }

    /**
     * The judge's score of every candidate it scores, by index; none are judged when fewer than two could be,
     * or none passed its gates, since no pair could come of them.
     */
    static List<OptionalDouble> scores(List<Checked> group, Scorer scorer) {
        boolean worthJudging = group.stream().filter(Checked::judged).count() >= 2
                && group.stream().anyMatch(c -> c.passed() && c.judged());
        List<OptionalDouble> scores = new ArrayList<>();
        for (Checked c : group) {
            scores.add(worthJudging && c.judged() ? OptionalDouble.of(scorer.score(c)) : OptionalDouble.empty());
        }
        return scores;
    }

    /** A role-play candidate's score: the judge's score of its turn, or the verdict's mean when it scored none. */
    private double turnScore(DialogueBrief brief, Checked candidate) {
        Verdict verdict = judge.judge(brief, candidate.dialogue()).value();
        int position = candidate.history().size() + 1;
        return verdict.turns().stream().filter(t -> t.turn() == position).mapToDouble(TurnScore::score).findFirst()
                .orElse(verdict.meanScore());
    }

    /**
     * Decides a group: which candidate the dialogue goes on with (the best-scored that passed its gates; the
     * first that passed when none was scored; the first when none passed, whose faults the item's own gates
     * then find) and which two are a pair.
     *
     * @param scores the judge's score per candidate, empty for those it did not score
     */
    static List<PreferenceCandidate> decide(List<Checked> group, List<OptionalDouble> scores, double margin) {
        Comparator<Checked> byScore = Comparator.comparingDouble(c -> scores.get(c.index()).orElse(Double.NaN));
        Checked best = group.stream().filter(c -> c.passed() && scores.get(c.index()).isPresent())
                .max(byScore.thenComparing(Comparator.comparingInt(Checked::index).reversed()))
                .or(() -> group.stream().filter(Checked::passed).findFirst())
                .orElse(group.get(0));
        Optional<Checked> worst = best.passed() && scores.get(best.index()).isPresent()
                ? group.stream().filter(c -> c != best && scores.get(c.index()).isPresent()
                        && c.history().equals(best.history()))
                        .min(byScore.thenComparing(Comparator.comparingInt(Checked::index)))
                : Optional.empty();
        boolean paired = worst.isPresent() && scores.get(best.index()).getAsDouble()
                - scores.get(worst.get().index()).getAsDouble() >= margin - TOLERANCE;
        List<PreferenceCandidate> decided = new ArrayList<>();
        for (Checked c : group) {
            Optional<Side> side = !paired ? Optional.empty()
                    : c == best ? Optional.of(Side.CHOSEN)
                    : c == worst.get() ? Optional.of(Side.REJECTED) : Optional.empty();
            decided.add(new PreferenceCandidate(c.index(), c.seed(), c.history(), c.turns(), scores.get(c.index()),
                    c.rejection().map(Rejection::gate), c.rejection().map(Rejection::reason), c == best, side));
        }
        return decided;
    }

    private static PreferenceCandidate continued(List<PreferenceCandidate> decided) {
        return decided.stream().filter(PreferenceCandidate::continued).findFirst().orElseThrow();
    }
}
