package dev.parley.cli;

import java.util.concurrent.Callable;

import dev.parley.quality.SemanticBenchmark;
import dev.parley.quality.SemanticCorpus;
import dev.parley.quality.SentenceEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley bench-semantic}: calibrates semantic dedup on same-scenario dialogues and their paraphrases. */
@jakarta.enterprise.context.Dependent
@io.quarkus.arc.Unremovable
@Command(name = "bench-semantic", description = "Measure semantic-duplicate rules (cosine of sentence embeddings,"
        + " word overlap) on a seeded labelled corpus of English and Indonesian support dialogues: paraphrases,"
        + " distinct conversations of one scenario, translations. Calls no model and stores nothing.")
public class SemanticBenchCommand implements Callable<Integer>, ParleyCommand.StoreFree {

    @Option(names = "--conversations", defaultValue = "18",
            description = "Conversations per scenario and language, 2 to 18 (default ${DEFAULT-VALUE}).")
    int conversations;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the corpus (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (conversations < 2 || conversations > SemanticCorpus.COURSES) {
            throw new IllegalArgumentException("--conversations must be from 2 to " + SemanticCorpus.COURSES);
        }
        SemanticBenchmark.Result result = SemanticBenchmark.run(seed, conversations, SentenceEmbedder.load());
        result.describe(SemanticBenchmark.RULES).forEach(System.out::println);
        return result.score(SemanticBenchmark.Rule.DEFAULT).precision() >= SemanticBenchmark.MIN_PRECISION ? 0 : 1;
    }
}
