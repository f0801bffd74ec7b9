package dev.parley.quality;

/**
 * Fast, seeded, deterministic 64-bit hashing for the quality gates. Not cryptographic: it spreads
 * words, shingles and n-grams evenly over 64 bits, the same on every JVM (no {@code String.hashCode}).
 */
final class Hashing {

    /** The golden-ratio increment of SplitMix64, used to derive independent seeds. */
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private Hashing() {
    }

    /** MurmurHash3's 64-bit finaliser: every input bit affects every output bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** Hash of {@code s[from, to)}: FNV-1a over the UTF-16 units, seeded, then finalised with {@link #mix64}. */
    static long hash(CharSequence s, int from, int to, long seed) {
        long h = seed ^ 0xCBF29CE484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix64(h ^ (to - from));
    }

    /** Hash of a whole string. */
    static long hash(CharSequence s, long seed) {
        return hash(s, 0, s.length(), seed);
    }

    /** Order-sensitive combination of a running hash with the next value. */
    static long combine(long running, long next) {
        return mix64(running * GOLDEN + next);
    }

    /** The {@code i}-th of a sequence of well-spread seeds derived from {@code seed} (SplitMix64). */
    static long derive(long seed, int i) {
        return mix64(seed + (i + 1) * GOLDEN);
    }
}
