package dev.parley.quality;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.dialogue.Dialogue;

/**
 * Exact duplicates: dialogues whose {@linkplain TextNormalizer normalised} text is identical. Keeps
 * a set of 128-bit digests (the first half of SHA-256 over the normalised UTF-8 text), so memory is
 * a few dozen bytes per dialogue whatever its length. Thread-safe: {@link #addIfAbsent} is atomic,
 * so two identical dialogues checked at the same moment cannot both get in.
 */
public final class ExactDuplicateIndex {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "exact-duplicate";

    private final ConcurrentHashMap<Digest, String> idsByDigest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Digest> digestsById = new ConcurrentHashMap<>();

    /**
     * Adds the text under {@code id} unless the same normalised text is already there.
     *
     * @return the id already holding this text, or empty when the text was new (and is now added).
     *         Adding the same id with the same text again is a no-op that returns empty, so an
     *         index can be rebuilt on resume without rejecting what it already held.
     */
    public Optional<String> addIfAbsent(String id, String text) {
        Objects.requireNonNull(id, "id");
        Digest digest = Digest.of(TextNormalizer.normalize(text));
        String holder = idsByDigest.putIfAbsent(digest, id);
        if (holder == null) {
            digestsById.put(id, digest);
            return Optional.empty();
        }
        return holder.equals(id) ? Optional.empty() : Optional.of(holder);
    }

    /** Whether the normalised text is already held, without adding it. */
    public Optional<String> find(String text) {
        return Optional.ofNullable(idsByDigest.get(Digest.of(TextNormalizer.normalize(text))));
    }

    /**
     * The gate: rejects a dialogue whose text is already held under another id, and otherwise adds
     * it under {@code id}.
     */
    public Optional<Rejection> check(String id, Dialogue dialogue) {
        return addIfAbsent(id, dialogue.text())
                .map(holder -> new Rejection(GATE, "same text as " + DuplicateIds.describe(holder) + " after normalisation"));
    }

    /**
     * Forgets the text held under {@code id}, e.g. when a dialogue that passed this gate is later
     * rejected by the judge and should not block a later one.
     *
     * @return whether the id was held
     */
    public boolean remove(String id) {
        Digest digest = digestsById.remove(id);
        return digest != null && idsByDigest.remove(digest, id);
    }

    /** Number of texts held. */
    public int size() {
        return idsByDigest.size();
    }

    private record Digest(long high, long low) {
        static Digest of(String normalized) {
            byte[] d = sha256().digest(normalized.getBytes(StandardCharsets.UTF_8));
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (d[i] & 0xFF);
                low = (low << 8) | (d[i + 8] & 0xFF);
            }
            return new Digest(high, low);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }
}
