package dev.parley.llm;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What one role's model was asked with, as a run stores it when it is created: enough to say what
 * produced the data, and never a secret (the endpoint is reduced to its host; no key, no path).
 *
 * @param model       model name ({@value ModelEndpoint#OFFLINE_MODEL} for the demo model)
 * @param host        host of the base URL, or {@code local} for the offline demo model
 * @param temperature sampling temperature sent with every request
 * @param topP        nucleus sampling sent with every request; empty when Parley sends none (the provider's default)
 * @param maxTokens   output token limit sent with every request; empty when Parley sends none (the provider's default)
 * @param seed        how the item's seed is used
 * @param batch       whether the role's calls went through the provider's batch API (at batch prices)
 */
public record ModelSettings(String model, String host, double temperature, OptionalDouble topP, OptionalInt maxTokens,
        String seed, boolean batch) {

    /** Parley sends no sampling seed; the item's seed identifies the request instead. */
    public static final String SEED_NOT_SENT = "not sent to the endpoint; the item's seed is part of the request's"
            + " identity (response cache)";
    /** The offline demo model draws everything from the item's seed. */
    public static final String SEED_OFFLINE = "the offline demo model draws from the item's seed";

    public ModelSettings {
        Objects.requireNonNull(model, "model");
        host = host == null ? "" : host;
        topP = topP == null ? OptionalDouble.empty() : topP;
        maxTokens = maxTokens == null ? OptionalInt.empty() : maxTokens;
        seed = seed == null ? "" : seed;
    }

    /** Settings of a role that calls its model directly. */
    public ModelSettings(String model, String host, double temperature, OptionalDouble topP, OptionalInt maxTokens,
            String seed) {
        this(model, host, temperature, topP, maxTokens, seed, false);
    }

    /**
     * The settings of a resolved endpoint. {@link ModelGateway} sends the model name and the
     * temperature and nothing else that shapes sampling, so top-p and max tokens stay empty.
     */
    public static ModelSettings of(ModelEndpoint endpoint) {
        return new ModelSettings(endpoint.model(), endpoint.host(), endpoint.temperature(), OptionalDouble.empty(),
                OptionalInt.empty(), endpoint.offline() ? SEED_OFFLINE : SEED_NOT_SENT, endpoint.batch());
    }

    /**
     * Writes host, temperature, top-p, max tokens (null when not sent), the seed handling and, for a role in batch
     * mode only, {@code "batch": true} into {@code node}.
     */
    public void writeParameters(com.fasterxml.jackson.databind.node.ObjectNode node) {
        node.put("host", host);
        node.put("temperature", temperature);
        if (topP.isPresent()) {
            node.put("topP", topP.getAsDouble());
        } else {
            node.putNull("topP");
        }
        if (maxTokens.isPresent()) {
            node.put("maxTokens", maxTokens.getAsInt());
        } else {
            node.putNull("maxTokens");
        }
        node.put("seed", seed);
        if (batch) {
            node.put("batch", true);
        }
    }
}
