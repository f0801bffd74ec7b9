package dev.parley.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.parley.export.ExportRequest;
import picocli.CommandLine.Option;

/** What to export: the options {@code generate}, {@code resume} and {@code export} share. */
public class ExportOptionsMixin {

    @Option(names = "--format", paramLabel = "LIST", description = "Training formats, comma-separated: openai, trl,"
            + " sharegpt, alpaca, parquet, or all of these; and the preference formats dpo, kto, openai-preference"
            + " (default: the recipe's export.formats, else openai).")
    String format;

    @Option(names = "--split", paramLabel = "SHARES", description = "Train,validation[,test] shares adding up to 1,"
            + " e.g. 0.9,0.1 or 0.8,0.1,0.1 (default: the recipe's export.split, else everything in train).")
    String split;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the split and of real-data mixing (default: the recipe's"
            + " export.split-seed, else its seed).")
    Long seed;

    @Option(names = "--mix-real", paramLabel = "FILE", description = "JSONL file of real dialogues (OpenAI messages or"
            + " ShareGPT conversations) to add to the synthetic ones; all are kept.")
    Path mixReal;

    @Option(names = "--real-ratio", paramLabel = "R", description = "Minimum share of real dialogues in the mix, e.g. 0.3;"
            + " synthetic ones beyond it are left out (default: keep all of both).")
    Double realRatio;

    @Option(names = "--context-length", paramLabel = "TOKENS", description = "Context length of the model to be trained;"
            + " longer records are named in a warning (default: the recipe's, else parley.export.context-length).")
    Integer contextLength;

    @Option(names = "--fold-system", description = "Write the system prompt at the start of the first user message, for"
            + " chat templates without a system role (default: the recipe's export.fold-system, else off).")
    boolean foldSystem;

    @Option(names = "--min-margin", paramLabel = "POINTS", description = "How far a preference pair's chosen side must"
            + " score above its rejected side, ≥ 0 (default: the recipe's preference.min-margin, else 1.0).")
    Double minMargin;

    @Option(names = "--reasoning", paramLabel = "FORM", description = "How the reasoning models returned with assistant"
            + " turns is written: omit, field (a reasoning_content field; trl and parquet) or think (a <think> block"
            + " before the content) (default: the recipe's export.reasoning, else omit).")
    String reasoning;

    /**
     * What was asked, each option checked before any work starts so that a typo costs no model call.
     * Options not given come from the recipe's {@code export:} section, then Parley's defaults.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    ExportRequest options() {
        if (mixReal != null && !Files.isRegularFile(mixReal)) {
            throw new IllegalArgumentException("--mix-real: no file " + mixReal);
        }
        return ExportRequest.of(format, split, seed, mixReal, realRatio, contextLength, foldSystem ? Boolean.TRUE : null,
                minMargin, reasoning);
    }
}
