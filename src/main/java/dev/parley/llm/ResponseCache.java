package dev.parley.llm;

import java.util.Optional;

/** Stored answers of successful model calls, keyed by the hash of the full request. */
public interface ResponseCache {

    /**
     * A stored answer.
     *
     * @param answer       the model's text
     * @param inputTokens  what the original call cost in prompt tokens
     * @param outputTokens what it cost in completion tokens
     */
    record CachedAnswer(String answer, long inputTokens, long outputTokens) {
    }

    Optional<CachedAnswer> find(String requestHash);

    /** Stores an answer; a second answer for the same request is ignored. */
    void put(String requestHash, String model, CachedAnswer answer);
}
