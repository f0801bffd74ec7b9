package dev.parley.llm;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a run's model calls share: where each attempt is recorded, and whether stored answers may
 * stand in for new calls.
 *
 * @param recorder receives a record of every attempt and every cache hit
 * @param useCache whether to answer identical requests from the response cache
 */
public record CallContext(Consumer<ModelCall> recorder, boolean useCache) {
    public CallContext {
        Objects.requireNonNull(recorder, "recorder");
    }
}
