package dev.parley.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.parley.dialogue.Dialogue;

/**
 * Long word n-grams shared with a reference set: the memorisation gate (references: the recipe's
 * seed examples or a file of real data) and the decontamination gate (references: an evaluation
 * set). A dialogue that shares {@code n} or more consecutive words with any reference is rejected.
 *
 * <p>Texts are compared as {@linkplain TextNormalizer normalised} words, across message boundaries.
 * Every {@code k}-gram of every reference ({@code k = min(n, 8)}) is indexed by a 64-bit hash; a
 * dialogue's {@code k}-grams are looked up, each hit is confirmed word by word (on 64-bit word
 * hashes, so a colliding n-gram hash rejects nothing) and extended to the whole shared run, and the
 * longest run wins. Each run
 * is measured once, from its first word, so a dialogue costs time linear in its length plus the hits.
 * Memory is about 40 bytes per reference word.
 *
 * <p>Immutable once built, and thread-safe.
 */
public final class NgramOverlap {

    /** Gate name for overlap with seed examples or real data. */
    public static final String MEMORISATION = "memorisation";
    /** Gate name for overlap with an evaluation set. */
    public static final String DECONTAMINATION = "decontamination";
    /** Longest n-gram indexed; longer shared runs are found by extending hits. */
    static final int MAX_INDEXED_WORDS = 8;
    private static final int QUOTED_WORDS = 12;

    private final String gate;
    private final int n;
    private final int k;
    private final long[] words; // all references' word hashes, one after another
    private final int[] starts; // first word of each reference, and the total at the end
    private final List<String> ids;
    private final LongIntMultimap grams;

    private NgramOverlap(String gate, int n, long[] words, int[] starts, List<String> ids) {
        this.gate = gate;
        this.n = n;
        this.k = Math.min(n, MAX_INDEXED_WORDS);
        this.words = words;
        this.starts = starts;
        this.ids = List.copyOf(ids);
        this.grams = new LongIntMultimap(Math.max(16, words.length));
        for (int r = 0; r < ids.size(); r++) {
            for (int p = starts[r]; p + k <= starts[r + 1]; p++) {
                grams.put(gram(words, p, k), p);
            }
        }
    }

    /**
     * A builder for a gate that rejects dialogues sharing {@code n} or more consecutive words with
     * a reference.
     *
     * @param gate the gate's name, usually {@link #MEMORISATION} or {@link #DECONTAMINATION}
     * @param n    shared words that reject, ≥ 2 (13 is the usual decontamination length)
     */
    public static Builder builder(String gate, int n) {
        return new Builder(gate, n);
    }

    /** Collects references for an {@link NgramOverlap}. Not thread-safe. */
    public static final class Builder {
        private final String gate;
        private final int n;
        private final List<String> ids = new ArrayList<>();
        private final List<long[]> texts = new ArrayList<>();

        private Builder(String gate, int n) {
            this.gate = Objects.requireNonNull(gate, "gate");
            if (n < 2) {
                throw new IllegalArgumentException("the " + gate + " gate needs n ≥ 2 words, got " + n);
            }
            this.n = n;
        }

        /** Adds a reference text under {@code id} (named in rejection reasons). */
        public Builder add(String id, String text) {
            ids.add(Objects.requireNonNull(id, "id"));
            texts.add(wordHashes(TextNormalizer.words(text)));
            return this;
        }

        /** Adds a reference dialogue under {@code id}. */
        public Builder add(String id, Dialogue dialogue) {
            return add(id, dialogue.text());
        }

        public NgramOverlap build() {
            int total = texts.stream().mapToInt(t -> t.length).sum();
            long[] words = new long[total];
            int[] starts = new int[texts.size() + 1];
            int at = 0;
            for (int r = 0; r < texts.size(); r++) {
                starts[r] = at;
                System.arraycopy(texts.get(r), 0, words, at, texts.get(r).length);
                at += texts.get(r).length;
            }
            starts[texts.size()] = at;
            return new NgramOverlap(gate, n, words, starts, ids);
        }
    }

    /**
     * The longest run of consecutive words a text shares with a reference.
     *
     * @param referenceId     the reference it shares the run with (the first one, if several tie)
     * @param words           length of the run in words
     * @param start           index of the run's first word among the text's normalised words
     * @param referenceStart  index of the run's first word among the reference's normalised words
     * @param passage         the run's first words (at most 12), normalised, for a person to read
     */
    public record Overlap(String referenceId, int words, int start, int referenceStart, String passage) {
    }

    /** The gate's name. */
    public String gate() {
        return gate;
    }

    /** Shared words that reject. */
    public int n() {
        return n;
    }

    /** Number of references. */
    public int size() {
        return ids.size();
    }

    /**
     * The longest shared run, if it is at least {@code min(n, 8)} words long (shorter runs are not
     * looked for).
     */
    public Optional<Overlap> longestOverlap(String text) {
        return share(text).longest();
    }

    /**
     * How much of a text is shared with the references.
     *
     * @param words   the text's normalised words
     * @param shared  how many of them lie in a run of {@code n} or more words shared with a reference
     * @param longest the longest shared run, if one is at least {@code min(n, 8)} words long
     */
    public record Share(int words, int shared, Optional<Overlap> longest) {
        /** {@code shared / words}, 0 for an empty text. */
        public double fraction() {
            return words == 0 ? 0 : (double) shared / words;
        }
    }

    /** The words of a text that lie in runs of {@code n} or more words shared with a reference, and the longest run. */
    public Share share(String text) {
        List<String> textWords = TextNormalizer.words(text);
        boolean[] covered = new boolean[textWords.size()];
        int[] best = {0, -1, -1};
        forEachRun(wordHashes(textWords), (start, length, position) -> {
            if (length >= n) {
                java.util.Arrays.fill(covered, start, start + length, true);
            }
            if (length > best[0]) {
                best[0] = length;
                best[1] = start;
                best[2] = position;
            }
        });
        int shared = 0;
        for (boolean c : covered) {
            shared += c ? 1 : 0;
        }
        return new Share(textWords.size(), shared,
                best[0] == 0 ? Optional.empty() : Optional.of(overlap(textWords, best[1], best[0], best[2])));
    }

    /** A shared run: its first word in the text, its length, and its first word's position in the references. */
    @FunctionalInterface
    private interface RunConsumer {
        void accept(int start, int length, int position);
    }

    /**
     * Calls back once for every text position that starts a shared run of at least {@code k} words,
     * with the longest run starting there (the earliest reference position on ties).
     */
    private void forEachRun(long[] query, RunConsumer consumer) {
        for (int i = 0; i + k <= query.length; i++) {
            int start = i;
            long key = gram(query, i, k);
            int[] hit = {0, -1};
            grams.forEach(key, p -> {
                // Runs are measured from their first word: skip a hit that continues one to its left.
                int reference = referenceOf(p);
                if (start > 0 && p > starts[reference] && query[start - 1] == words[p - 1]) {
                    return;
                }
                int length = 0;
                int end = starts[reference + 1];
                while (start + length < query.length && p + length < end && query[start + length] == words[p + length]) {
                    length++;
                }
                if (length >= k && (length > hit[0] || length == hit[0] && p < hit[1])) {
                    hit[0] = length;
                    hit[1] = p;
                }
            });
            if (hit[0] > 0) {
                consumer.accept(i, hit[0], hit[1]);
            }
        }
    }

    private Overlap overlap(List<String> textWords, int start, int length, int position) {
        int reference = referenceOf(position);
        String passage = String.join(" ", textWords.subList(start, start + Math.min(length, QUOTED_WORDS)))
                + (length > QUOTED_WORDS ? " …" : "");
        return new Overlap(ids.get(reference), length, start, position - starts[reference], passage);
    }

    /** The gate: rejects a dialogue sharing {@code n} or more consecutive words with a reference. */
    public Optional<Rejection> check(Dialogue dialogue) {
        return longestOverlap(dialogue.text()).filter(o -> o.words() >= n)
                .map(o -> new Rejection(gate, "shares " + o.words() + " consecutive words with " + o.referenceId()
                        + " (limit " + (n - 1) + "): \"" + o.passage() + "\""));
    }

    private int referenceOf(int position) {
        int r = Arrays.binarySearch(starts, position);
        if (r >= 0) {
            // Empty references share their start with the next one; take the last reference starting here.
            while (r + 1 < starts.length - 1 && starts[r + 1] == position) {
                r++;
            }
            return r;
        }
        return -r - 2;
    }

    private static long[] wordHashes(List<String> words) {
        long[] hashes = new long[words.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = Hashing.hash(words.get(i), 0);
        }
        return hashes;
    }

    private static long gram(long[] words, int from, int k) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = from; i < from + k; i++) {
            h = Hashing.combine(h, words[i]);
        }
        return h;
    }
}
