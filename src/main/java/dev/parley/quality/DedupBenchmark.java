package dev.parley.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * Measures near-duplicate detection at scale: generates seeded dialogues of about a given length,
 * some of them lightly edited copies of earlier ones, and runs every one through a
 * {@link NearDuplicateIndex} in order, as a run would.
 *
 * <p>The dialogues alternate user and assistant turns of made-up words drawn from a Zipf-like
 * distribution over a 20,000-word vocabulary, with stock support phrases mixed in so that unrelated
 * dialogues share some shingles and the LSH buckets see real collisions. A planted copy takes an
 * earlier original and edits 0–4 % of its words. Signatures are computed on all cores (they are pure,
 * as in the run engine, where each worker computes its own); the index is fed strictly in order, so
 * the result is the same on every machine.
 */
public final class DedupBenchmark {

    private static final String[] STOCK_PHRASES = {"terima kasih sudah menghubungi kami",
        "mohon maaf atas ketidaknyamanannya", "ada lagi yang bisa saya bantu", "boleh minta nomor pesanannya",
        "saya cek dulu ya kak", "thank you for your patience", "is there anything else I can help with",
        "could you share your order number"};
    private static final String[] ONSETS = {"b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w",
        "y", "ng", "ny", "kr", "tr", "pl", "st"};
    private static final String[] VOWELS = {"a", "i", "u", "e", "o", "ai", "au"};
    private static final int VOCABULARY = 20_000;

    /**
     * What one benchmark pass measured.
     *
     * @param dialogues         dialogues checked
     * @param characters        their total length in characters
     * @param planted           planted near-duplicate copies among them
     * @param generateSeconds   time to generate the dialogues (not part of the measure)
     * @param signSeconds       time to compute every dialogue's MinHash signature
     * @param indexSeconds      time to check every signature against the index (and add the novel ones)
     * @param nearDuplicates    dialogues the index reported as near duplicates
     * @param plantedFound      planted copies among those
     * @param threads           threads computing signatures
     * @param permutations      MinHash permutations
     * @param bands             LSH bands
     * @param rows              rows per band
     */
    public record Result(int dialogues, long characters, int planted, double generateSeconds, double signSeconds,
            double indexSeconds, int nearDuplicates, int plantedFound, int threads, int permutations, int bands, int rows) {

        /** Seconds of near-duplicate detection: signing and indexing, not generating. */
        public double detectSeconds() {
            return signSeconds + indexSeconds;
        }

        public double dialoguesPerSecond() {
            return dialogues / detectSeconds();
        }

        /** The result as lines for a person. */
        public List<String> describe() {
            return List.of(
                    String.format(Locale.ROOT, "%,d dialogues, %.0f characters on average, %,d planted near-duplicate copies"
                            + " (generated in %.2f s, not counted)", dialogues, (double) characters / dialogues, planted,
                            generateSeconds),
                    String.format(Locale.ROOT, "MinHash %d permutations, 3-word shingles; LSH %d bands × %d rows;"
                            + " %d signing threads", permutations, bands, rows, threads),
                    String.format(Locale.ROOT, "near-duplicate detection: %.2f s (signatures %.2f s, index %.2f s)"
                            + " = %,.0f dialogues/s", detectSeconds(), signSeconds, indexSeconds, dialoguesPerSecond()),
                    String.format(Locale.ROOT, "near duplicates found: %,d (%,d of the %,d planted copies)", nearDuplicates,
                            plantedFound, planted));
        }
    }

    private final List<String> vocabulary;
    private final double logVocabulary;
    private final long seed;

    DedupBenchmark(long seed) {
        this.seed = seed;
        var random = new SplittableRandom(seed);
        var words = new LinkedHashSet<String>();
        while (words.size() < VOCABULARY) {
            var sb = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                sb.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
            }
            words.add(sb.toString());
        }
        this.vocabulary = List.copyOf(words);
        this.logVocabulary = Math.log(VOCABULARY + 1.0);
    }

    /**
     * Generates {@code count} dialogues of about {@code chars} characters, a share {@code planted} of
     * them copies, and checks them all for near duplicates at {@code threshold}.
     */
    public static Result run(int count, int chars, double planted, double threshold, long seed, int threads)
            throws InterruptedException {
        if (count < 1 || chars < 1 || planted < 0 || planted >= 1 || threads < 1) {
            throw new IllegalArgumentException("count, chars and threads must be ≥ 1 and planted in [0, 1)");
        }
        var benchmark = new DedupBenchmark(seed);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long t0 = System.nanoTime();
            List<Dialogue> dialogues = parallel(pool, threads, count, i -> benchmark.dialogue(i, chars, planted));
            long t1 = System.nanoTime();

            var index = new NearDuplicateIndex(threshold);
            List<int[]> signatures = parallel(pool, threads, count, i -> index.signature(dialogues.get(i).text()));
            long signed = System.nanoTime();
            int found = 0;
            int plantedFound = 0;
            for (int i = 0; i < count; i++) {
                if (index.addIfNovel(Integer.toString(i), signatures.get(i)).isPresent()) {
                    found++;
                    plantedFound += benchmark.isCopy(i, planted) ? 1 : 0;
                }
            }
            long t2 = System.nanoTime();

            long characters = 0;
            int copies = 0;
            for (int i = 0; i < count; i++) {
                characters += dialogues.get(i).text().length();
                copies += benchmark.isCopy(i, planted) ? 1 : 0;
            }
            return new Result(count, characters, copies, (t1 - t0) / 1e9, (signed - t1) / 1e9, (t2 - signed) / 1e9,
                    found, plantedFound, threads,
                    MinHash.DEFAULT_PERMUTATIONS, index.bands(), index.rows());
        }
    }

    /** Dialogue {@code i}: an original, or (for a share {@code planted}) an edited copy of an earlier original. */
    Dialogue dialogue(int i, int chars, double planted) {
        if (!isCopy(i, planted)) {
            return original(i, chars);
        }
        var random = new SplittableRandom(Hashing.derive(seed ^ 0xC09E5L, i));
        int source;
        do {
            source = random.nextInt(i);
        } while (isCopy(source, planted));
        return edit(original(source, chars), 0.04 * random.nextDouble(), random);
    }

    /** Whether dialogue {@code i} is a planted copy; the first ten never are. */
    boolean isCopy(int i, double planted) {
        return i >= 10 && (Hashing.derive(seed ^ 0xC0FFEE, i) >>> 11) * 0x1.0p-53 < planted;
    }

    private Dialogue original(int i, int chars) {
        var random = new SplittableRandom(Hashing.derive(seed, i));
        var turns = new ArrayList<Turn>();
        int length = 0;
        while (length < chars || turns.size() % 2 == 1) {
            var sb = new StringBuilder();
            if (random.nextInt(3) == 0) {
                sb.append(STOCK_PHRASES[random.nextInt(STOCK_PHRASES.length)]).append(". ");
            }
            // Turns of 10-40 words; the last one stops at the wanted length (or is a short reply).
            int budget = length < chars ? chars - length : 40;
            int words = 10 + random.nextInt(31);
            for (int w = 0; w < words && sb.length() < budget; w++) {
                sb.append(word(random)).append(w % 9 == 8 ? ". " : " ");
            }
            String content = sb.toString().trim();
            turns.add(new Turn(turns.size() % 2 == 0 ? Turn.USER : Turn.ASSISTANT, content));
            length += content.length() + 1;
        }
        return new Dialogue(turns);
    }

    private Dialogue edit(Dialogue original, double rate, SplittableRandom random) {
        var turns = new ArrayList<Turn>();
        for (Turn t : original.turns()) {
            var words = new ArrayList<>(List.of(t.content().split(" ")));
            int edits = (int) Math.round(rate * words.size());
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(words.size());
                switch (random.nextInt(4)) {
                    case 0 -> words.set(at, word(random));
                    case 1 -> words.add(at, word(random));
                    case 2 -> {
                        if (words.size() > 2) {
                            words.remove(at);
                        }
                    }
                    default -> {
                        if (at + 1 < words.size()) {
                            Collections.swap(words, at, at + 1);
                        }
                    }
                }
            }
            turns.add(new Turn(t.role(), String.join(" ", words)));
        }
        return new Dialogue(turns);
    }

    private String word(SplittableRandom random) {
        int index = (int) Math.exp(random.nextDouble() * logVocabulary) - 1;
        return vocabulary.get(Math.min(index, vocabulary.size() - 1));
    }

    private static <T> List<T> parallel(ExecutorService pool, int threads, int count, IntFunction<T> task)
            throws InterruptedException {
        @SuppressWarnings("unchecked")
        T[] results = (T[]) new Object[count];
        var futures = new ArrayList<Future<?>>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            futures.add(pool.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    results[i] = task.apply(i);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return List.of(results);
    }

    /**
     * Runs the benchmark from a plain JVM, without starting Parley:
     * {@code java -cp target/classes dev.parley.quality.DedupBenchmark [count] [threads]}.
     * ({@code parley bench-dedup} is the same with options.)
     */
    public static void main(String... args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        run(count, 1000, 0.02, NearDuplicateIndex.DEFAULT_THRESHOLD, 1, threads).describe().forEach(System.out::println);
    }
}
