package dev.parley.store;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;

/**
 * One judged version of an item's dialogue; a revision adds the next.
 *
 * @param version  1 for the first dialogue, then one more per revision
 * @param dialogue the dialogue
 * @param verdict  the judge's verdict on it, if judged (null otherwise)
 * @param score    its weighted mean score, if judged
 * @param author   who wrote it: null for the models, a person's name for an edit
 */
public record ItemVersion(int version, Dialogue dialogue, Verdict verdict, Double score, String author) {

    /** A version the models wrote. */
    public ItemVersion(int version, Dialogue dialogue, Verdict verdict, Double score) {
        this(version, dialogue, verdict, score, null);
    }
}
