package dev.parley.cli;

import java.util.concurrent.Callable;

import dev.parley.quality.DedupBenchmark;
import dev.parley.quality.NearDuplicateIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley bench-dedup}: measures near-duplicate detection on generated dialogues. */
@jakarta.enterprise.context.Dependent
@io.quarkus.arc.Unremovable
@Command(name = "bench-dedup", description = "Measure near-duplicate detection (MinHash + LSH) on seeded generated"
        + " dialogues, some of them planted near-duplicate copies. Calls no model and stores nothing.")
public class DedupBenchCommand implements Callable<Integer>, ParleyCommand.StoreFree {

    @Option(names = "--count", defaultValue = "100000", description = "Dialogues to generate and check (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--chars", defaultValue = "1000", description = "Characters per dialogue, about (default ${DEFAULT-VALUE}).")
    int chars;

    @Option(names = "--planted", defaultValue = "0.02", description = "Share of dialogues that are edited copies of earlier ones (default ${DEFAULT-VALUE}).")
    double planted;

    @Option(names = "--threshold", defaultValue = "" + NearDuplicateIndex.DEFAULT_THRESHOLD,
            description = "Jaccard similarity at which two dialogues are near duplicates (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated dialogues (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Threads computing signatures (default: the number of processors).")
    Integer threads;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1 || chars < 1 || planted < 0 || planted >= 1 || threshold <= 0 || threshold > 1
                || threads != null && threads < 1) {
            throw new IllegalArgumentException(
                    "--count, --chars and --threads must be ≥ 1, --planted in [0, 1) and --threshold in (0, 1]");
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        DedupBenchmark.run(count, chars, planted, threshold, seed, workers).describe().forEach(System.out::println);
        return 0;
    }
}
