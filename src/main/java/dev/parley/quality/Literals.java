package dev.parley.quality;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Groups of literal strings, all looked for in one pass over a text: which groups the text holds a
 * literal of. The recognisers of {@link PiiDetector} look for the words each pattern's matches hold
 * before running the pattern; with a few hundred such words, one {@code String.contains} each cost
 * more than the patterns they spared.
 *
 * <p>An Aho–Corasick automaton made into a table of transitions: one lookup per character of the text.
 * Its columns are the characters the literals use (ASCII ones by a table, others by a search); any
 * other character leads back to the start. Immutable and thread-safe.
 */
final class Literals {

    /** At most this many groups: a text's groups are the bits of a {@code long}. */
    static final int MAX_GROUPS = Long.SIZE;

    private final int columns;
    /** Column of each ASCII character, -1 for one no literal uses. */
    private final int[] asciiColumns = new int[128];
    /** The other characters the literals use, sorted, and their columns. */
    private final char[] others;
    private final int[] otherColumns;
    /** The state after each state and column: {@code next[state * columns + column]}. */
    private final int[] next;
    /** The groups of the literals that end in each state, its own and those of its suffixes. */
    private final long[] groupsEnding;
    private final long allGroups;

    private Literals(List<List<String>> groups) {
        if (groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("between 1 and " + MAX_GROUPS + " groups of literals, not " + groups.size());
        }
        var alphabet = new TreeSet<Character>();
        for (List<String> group : groups) {
            for (String literal : group) {
                if (literal.isEmpty()) {
                    throw new IllegalArgumentException("an empty literal is in every text");
                }
                literal.chars().forEach(c -> alphabet.add((char) c));
            }
        }
        Arrays.fill(asciiColumns, -1);
        var otherChars = new ArrayList<Character>();
        int column = 0;
        for (char c : alphabet) {
            if (c < 128) {
                asciiColumns[c] = column++;
            } else {
                otherChars.add(c);
            }
        }
        others = new char[otherChars.size()];
        otherColumns = new int[otherChars.size()];
        for (int i = 0; i < others.length; i++) {
            others[i] = otherChars.get(i);
            otherColumns[i] = column++;
        }
        columns = column;
        // The trie: its states' children by column, and the groups of the literals ending in each.
        var children = new ArrayList<Map<Integer, Integer>>();
        var ending = new ArrayList<Long>();
        children.add(new HashMap<>());
        ending.add(0L);
        for (int g = 0; g < groups.size(); g++) {
            for (String literal : groups.get(g)) {
                int state = 0;
                for (int i = 0; i < literal.length(); i++) {
                    int col = column(literal.charAt(i));
                    Integer child = children.get(state).get(col);
                    if (child == null) {
                        child = children.size();
                        children.get(state).put(col, child);
                        children.add(new HashMap<>());
                        ending.add(0L);
                    }
                    state = child;
                }
                ending.set(state, ending.get(state) | 1L << g);
            }
        }
        // Breadth first, each state's missing transitions are those of its longest proper suffix in the trie.
        int states = children.size();
        next = new int[states * columns];
        groupsEnding = new long[states];
        int[] suffix = new int[states];
        var queue = new ArrayDeque<Integer>();
        for (int col = 0; col < columns; col++) {
            Integer child = children.get(0).get(col);
            if (child != null) {
                next[col] = child;
                queue.add(child);
            }
        }
        groupsEnding[0] = ending.get(0);
        while (!queue.isEmpty()) {
            int state = queue.poll();
            groupsEnding[state] = ending.get(state) | groupsEnding[suffix[state]];
            for (int col = 0; col < columns; col++) {
                Integer child = children.get(state).get(col);
                if (child == null) {
                    next[state * columns + col] = next[suffix[state] * columns + col];
                } else {
                    next[state * columns + col] = child;
                    suffix[child] = next[suffix[state] * columns + col];
                    queue.add(child);
                }
            }
        }
        allGroups = groups.size() == MAX_GROUPS ? -1L : (1L << groups.size()) - 1;
    }

    /** Literals in groups: bit {@code g} of {@link #in} says whether a text holds one of group {@code g}. */
    static Literals of(List<List<String>> groups) {
        return new Literals(groups);
    }

    /** One group of literals. */
    static Literals of(String... literals) {
        return new Literals(List.of(List.of(literals)));
    }

    /** The groups {@code text} holds a literal of, as bits: group {@code g} is {@code 1L << g}. */
    long in(String text) {
        long found = 0;
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            int col = column(text.charAt(i));
            state = col < 0 ? 0 : next[state * columns + col];
            found |= groupsEnding[state];
            if (found == allGroups) {
                break;
            }
        }
        return found;
    }

    /** Whether {@code text} holds any of the literals. */
    boolean anyIn(String text) {
        return in(text) != 0;
    }

    private int column(char c) {
        if (c < 128) {
            return asciiColumns[c];
        }
        int at = Arrays.binarySearch(others, c);
        return at < 0 ? -1 : otherColumns[at];
    }
}
