package dev.parley.llm;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a run's model calls share: where each attempt is recorded, whether stored answers may
 * stand in for new calls, and a guard run before every real call (the run's budget).
 *
 * @param recorder   receives a record of every attempt and every cache hit
 * @param useCache   whether to answer identical requests from the response cache
 * @param beforeCall runs before each attempt that would reach a model; throws to prevent it
 * @param answered   receives a successful attempt together with the answer to cache, so both can be
 *                   written at once (one commit per call instead of two); null when the recorder and
 *                   the response cache are to be told separately
 * @param batches    where requests of endpoints in batch mode go; null when the run sends none through a batch
 */
public record CallContext(Consumer<ModelCall> recorder, boolean useCache, Runnable beforeCall,
        BiConsumer<ModelCall, ResponseCache.CachedAnswer> answered, BatchLane batches) {
    public CallContext {
        Objects.requireNonNull(recorder, "recorder");
        beforeCall = beforeCall == null ? () -> {
        } : beforeCall;
    }

    public CallContext(Consumer<ModelCall> recorder, boolean useCache, Runnable beforeCall,
            BiConsumer<ModelCall, ResponseCache.CachedAnswer> answered) {
        this(recorder, useCache, beforeCall, answered, null);
    }

    public CallContext(Consumer<ModelCall> recorder, boolean useCache, Runnable beforeCall) {
        this(recorder, useCache, beforeCall, null);
    }

    public CallContext(Consumer<ModelCall> recorder, boolean useCache) {
        this(recorder, useCache, null);
    }
}
