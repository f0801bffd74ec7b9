package dev.parley.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A second opinion on a judged dialogue.
 *
 * @param seq      the item
 * @param kind     {@link #JUDGE_RECHECK} (the judge asked again) or {@link #HUMAN} (a person)
 * @param reviewer who: a person's name, or the judge model
 * @param score    overall score 1..5, if given
 * @param accept   accept or reject, if decided
 * @param verdict  the judge's full verdict as JSON, for rechecks
 */
public record Review(int seq, String kind, String reviewer, Optional<Double> score, Optional<Boolean> accept,
        Optional<String> verdict) {

    public static final String JUDGE_RECHECK = "judge-recheck";
    public static final String HUMAN = "human";

    public Review {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reviewer, "reviewer");
        score = score == null ? Optional.empty() : score;
        accept = accept == null ? Optional.empty() : accept;
        verdict = verdict == null ? Optional.empty() : verdict;
    }
}
