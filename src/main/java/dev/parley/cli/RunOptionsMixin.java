package dev.parley.cli;

import java.util.OptionalDouble;
import java.util.OptionalLong;

import picocli.CommandLine.Option;

import dev.parley.store.RunOptions;

/** The per-run options {@code generate} and {@code resume} share. */
public class RunOptionsMixin {

    @Option(names = "--no-cache", description = "Call the model even for requests whose answer is already stored.")
    boolean noCache;

    @Option(names = "--fail-fast", description = "Stop the run at the first item that fails (default: go on, best effort).")
    boolean failFast;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Stop the run cleanly once it has spent N tokens.")
    Long maxTokens;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Stop the run cleanly once it has cost this many dollars (see parley.prices).")
    Double maxCost;

    /** The options as given, on top of defaults. */
    RunOptions options(RunOptions base) {
        return new RunOptions(base.useCache() && !noCache, base.failFast() || failFast,
                maxTokens == null ? base.maxTokens() : OptionalLong.of(maxTokens),
                maxCost == null ? base.maxCost() : OptionalDouble.of(maxCost));
    }

    boolean any() {
        return noCache || failFast || maxTokens != null || maxCost != null;
    }
}
