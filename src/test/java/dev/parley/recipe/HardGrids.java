package dev.parley.recipe;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Recipes whose coverage grids are costly to search, for the tests of the work budget. */
public final class HardGrids {

    private HardGrids() {
    }

    /**
     * Two-valued dimensions d1..dN where the last one's both values are excluded: no cell is allowed,
     * and a depth-first search learns it only at the last dimension, after 2^(N-1) prefixes.
     */
    public static String exponential(int dimensions) {
        String dims = IntStream.rangeClosed(1, dimensions).mapToObj(i -> "  d" + i + ": [a, b]")
                .collect(Collectors.joining("\n"));
        return """
                name: exponential
                count: 10
                language: en
                turns: { min: 2, max: 2 }
                assistant: { system-prompt: You help. }
                judge: { threshold: 3 }
                dimensions:
                %s
                coverage:
                  exclude: [{d%d: a}, {d%d: b}]
                """.formatted(dims, dimensions, dimensions);
    }
}
