package dev.parley.store;

import java.util.Optional;

import dev.parley.dialogue.Dialogue;
import dev.parley.judge.Verdict;
/**
 * A stored dialogue item.
 *
 * @param runId        the run
 * @param seq          position in the plan
 * @param cellKey      the plan cell, as {@code dim=value|…}
 * @param cell         the plan cell as JSON
 * @param seed         the item's seed
 * @param state        where it is
 * @param dialogue     the latest dialogue, once generated
 * @param verdict      the latest verdict, once judged
 * @param score        the latest weighted mean score
 * @param gate         the gate that rejected it, or {@code judge}, or the failure kind
 * @param reason       why it was rejected or failed
 * @see CallLedger#usageOfItem(String, int) the model calls made for it
 */
public record ItemRecord(String runId, int seq, String cellKey, String cell, long seed, ItemState state,
        Optional<Dialogue> dialogue, Optional<Verdict> verdict, Optional<Double> score, Optional<String> gate,
        Optional<String> reason) {
}
