package dev.parley.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.parley.quality.LabelledPiiCorpus;
import dev.parley.quality.PiiBenchmark;
import dev.parley.quality.PiiCorpus;
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

    @Option(names = "--corpus", paramLabel = "FILE", description = "Measure on this labelled corpus instead of the"
            + " generated one: JSON lines {\"language\": \"en\"|\"id\", \"text\": …, \"spans\": [{\"kind\": …,"
            + " \"start\": …, \"end\": …}]}, e.g. src/test/resources/pii/support-chat.jsonl.")
    Path corpus;

    @Option(names = "--show-mistakes", description = "Also print a few missed values and false positives per kind.")
    boolean showMistakes;

    @Override
    public Integer call() {
        if (perKind < 1 || negatives < 0) {
            throw new IllegalArgumentException("--per-kind must be ≥ 1 and --negatives ≥ 0");
        }
        PiiBenchmark.Result result = corpus == null ? PiiBenchmark.run(seed, perKind, negatives)
                : PiiBenchmark.run(read(corpus));
        result.describe().forEach(System.out::println);
        if (showMistakes) {
            result.mistakes().forEach(System.out::println);
        }
        return result.scores().stream().allMatch(PiiBenchmark.Score::meetsBar) ? 0 : 1;
    }

    private static List<PiiCorpus.Sample> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--corpus: no file " + file);
        }
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return LabelledPiiCorpus.read(reader);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--corpus " + file + ", " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
