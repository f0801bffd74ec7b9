package dev.parley.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.parley.corpus.DialogueFile;
import dev.parley.corpus.RunInputs;
import dev.parley.dialogue.Dialogue;
import dev.parley.quality.DuplicateIds;
import dev.parley.quality.ExactDuplicateIndex;
import dev.parley.quality.Gate;
import dev.parley.quality.NearDuplicateIndex;
import dev.parley.quality.Rejection;
import dev.parley.quality.SemanticDuplicateIndex;
import dev.parley.quality.SentenceEmbedder;
import dev.parley.recipe.Recipe;
import dev.parley.store.ItemRepository;
import dev.parley.store.ItemState;
import dev.parley.store.RunRecord;
import dev.parley.store.RunRepository;

/**
 * The duplicate gates of one execution, in order: exact (normalised text), near (MinHash/LSH over word
 * shingles) and, when the recipe asks, semantic (cosine of sentence embeddings). A dialogue that passes
 * is held in every index under its plan position until it is forgotten (rejected later, or revised);
 * one that fails is held in none.
 *
 * <p>Before the run's own dialogues, the indexes can be loaded with earlier data the recipe names
 * ({@code checks.dedup-against}): the accepted dialogues of earlier runs, held as
 * {@code run <id> item <seq>}, and the dialogues of a reference file, held as {@code reference line <n>},
 * so that a rejection says what it duplicates.
 */
final class DuplicateGates implements Gate {

    /** The chain's name for the duplicate gates; rejections name the index (exact, near, semantic). */
    static final String GATE = "duplicate";

    private static final int PAGE = 500;

    private final ExactDuplicateIndex exact = new ExactDuplicateIndex();
    private final NearDuplicateIndex near;
    private final SemanticDuplicateIndex semantic;
    private final SentenceEmbedder embedder;

    DuplicateGates(Recipe.Checks checks) {
        this.near = checks.nearDuplicate() > 0 ? new NearDuplicateIndex(checks.nearDuplicate()) : null;
        double cosine = checks.collapse().semanticDuplicate();
        this.semantic = cosine > 0 ? new SemanticDuplicateIndex(cosine, checks.collapse().semanticWordOverlap()) : null;
        this.embedder = cosine > 0 ? SentenceEmbedder.load() : null;
    }

    /**
     * Checks, at run creation, that the earlier runs a recipe names exist and that the embedding model
     * is here if semantic dedup is on. (The reference file is read, checked and stored with the run by
     * {@link RunInputs#load}.)
     *
     * @throws IllegalArgumentException naming the unknown run or the missing model
     */
    static void validate(Recipe recipe, RunRepository runs) {
        Recipe.DedupAgainst against = recipe.checks().collapse().dedupAgainst();
        for (String id : against.runs()) {
            if (runs.findRun(id).isEmpty()) {
                throw new IllegalArgumentException("checks.dedup-against.runs: there is no run " + id);
            }
        }
        if (recipe.checks().collapse().semanticDuplicate() > 0 && !SentenceEmbedder.available()) {
            throw new IllegalArgumentException("checks.semantic-duplicate needs the in-process embedding model, which this"
                    + " build of Parley leaves out (the native executable does); run the jar, or set it to 0");
        }
    }

    /** Whether the semantic gate is on, so dialogues have embeddings. */
    boolean embeds() {
        return semantic != null;
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.seq(), candidate.dialogue()));
    }

    /** The gates on one dialogue of the run; when it passes, it is held under {@code seq}. */
    Optional<Rejection> check(int seq, Dialogue dialogue) {
        String id = Integer.toString(seq);
        Optional<Rejection> rejection = exact.check(id, dialogue);
        if (rejection.isEmpty() && near != null) {
            rejection = near.check(id, dialogue);
        }
        if (rejection.isEmpty() && semantic != null) {
            rejection = semantic.check(id, embedder.embed(dialogue.text()), dialogue.text());
        }
        if (rejection.isPresent()) {
            forget(seq);
        }
        return rejection;
    }

    /** The embedding held for a dialogue of the run, when the semantic gate is on and holds it. */
    Optional<float[]> embedding(int seq) {
        return semantic == null ? Optional.empty() : semantic.embedding(Integer.toString(seq));
    }

    /** Forgets a dialogue of the run, so it blocks no later one. */
    void forget(int seq) {
        String id = Integer.toString(seq);
        exact.remove(id);
        if (near != null) {
            near.remove(id);
        }
        if (semantic != null) {
            semantic.remove(id);
        }
    }

    /**
     * Holds the earlier data the recipe names: the accepted dialogues of earlier runs (those of the same
     * recipe are the runs with its name created before this one), and the reference file's dialogues as
     * the run stored them.
     *
     * @return how many earlier dialogues are held
     */
    int preload(Recipe.DedupAgainst against, RunRecord run, RunRepository runs, ItemRepository items,
            RunInputs inputs) {
        int before = exact.size();
        var earlierRuns = new ArrayList<String>(against.runs());
        if (against.earlierRuns()) {
            for (int offset = 0;; offset += PAGE) {
                List<RunRecord> page = runs.listRuns(PAGE, offset);
                page.stream().filter(r -> r.name().equals(run.name()) && !r.id().equals(run.id())
                        && r.createdAt().isBefore(run.createdAt()) && !earlierRuns.contains(r.id())).forEach(r -> earlierRuns.add(r.id()));
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        for (String earlier : earlierRuns) {
            items.forEachItem(earlier, Optional.of(ItemState.ACCEPTED),
                    item -> hold(DuplicateIds.ofEarlierRun(earlier, item.seq()), item.dialogue().orElseThrow()));
        }
        for (DialogueFile.Entry entry : inputs.dialogues(RunInputs.DEDUP_REFERENCE)) {
            hold(DuplicateIds.ofReference(entry.line()), entry.dialogue());
        }
        return exact.size() - before;
    }

    /** Holds earlier data in every index; a repeat within it is simply not held twice. */
    private void hold(String id, Dialogue dialogue) {
        if (exact.addIfAbsent(id, dialogue.text()).isPresent()) {
            return;
        }
        if (near != null) {
            near.addIfNovel(id, dialogue.text());
        }
        if (semantic != null) {
            semantic.addIfNovel(id, embedder.embed(dialogue.text()), dialogue.text());
        }
    }
}
