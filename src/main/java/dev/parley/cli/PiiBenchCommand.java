package dev.parley.cli;

import java.util.concurrent.Callable;

import dev.parley.quality.PiiBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley bench-pii}: measures the personal-data detector per kind and language. */
@jakarta.enterprise.context.Dependent
@io.quarkus.arc.Unremovable
@Command(name = "bench-pii", description = "Measure personal-data detection (recall and precision per kind, English"
        + " and Indonesian) on a seeded labelled corpus with hard negatives. Calls no model and stores nothing.")
public class PiiBenchCommand implements Callable<Integer>, ParleyCommand.StoreFree {

    @Option(names = "--per-kind", defaultValue = "400",
            description = "Sentences with a planted value per kind and language (default ${DEFAULT-VALUE}).")
    int perKind;

    @Option(names = "--negatives", defaultValue = "2400",
            description = "Hard-negative sentences per language (default ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the corpus (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--show-mistakes", description = "Also print a few missed values and false positives per kind.")
    boolean showMistakes;

    @Override
    public Integer call() {
        if (perKind < 1 || negatives < 0) {
            throw new IllegalArgumentException("--per-kind must be ≥ 1 and --negatives ≥ 0");
        }
        PiiBenchmark.Result result = PiiBenchmark.run(seed, perKind, negatives);
        result.describe().forEach(System.out::println);
        if (showMistakes) {
            result.mistakes().forEach(System.out::println);
        }
        return result.scores().stream().allMatch(PiiBenchmark.Score::meetsBar) ? 0 : 1;
    }
}
