package dev.parley.llm;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The resolved model settings for one role of one run.
 *
 * @param role        the role these settings serve
 * @param baseUrl     OpenAI-compatible base URL; empty for the offline demo model
 * @param apiKey      API key, if any
 * @param model       model name as the endpoint knows it ({@value #OFFLINE_MODEL} for the demo model)
 * @param temperature sampling temperature
 * @param batch       whether this role's requests go through the provider's batch API (never for the offline model)
 */
public record ModelEndpoint(ModelRole role, Optional<String> baseUrl, Optional<String> apiKey, String model,
        double temperature, boolean batch) {

    /** Name recorded as the model of everything the offline demo model produces. */
    public static final String OFFLINE_MODEL = "offline-demo";

    public ModelEndpoint {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        batch = batch && baseUrl.isPresent();
    }

    /** An endpoint called directly, one request per call. */
    public ModelEndpoint(ModelRole role, Optional<String> baseUrl, Optional<String> apiKey, String model,
            double temperature) {
        this(role, baseUrl, apiKey, model, temperature, false);
    }

    public static ModelEndpoint offline(ModelRole role, double temperature) {
        return new ModelEndpoint(role, Optional.empty(), Optional.empty(), OFFLINE_MODEL, temperature);
    }

    /** The same endpoint with another model (a member of a judge panel). */
    public ModelEndpoint withModel(String otherModel) {
        return new ModelEndpoint(role, baseUrl, apiKey, offline() ? OFFLINE_MODEL : otherModel, temperature, batch);
    }

    public boolean offline() {
        return baseUrl.isEmpty();
    }

    /** Key that identifies the endpoint (not the model): calls to one endpoint share its concurrency limit. */
    public String endpointKey() {
        return baseUrl.orElse(OFFLINE_MODEL);
    }

    /** Where the model runs, for reports: the host of the base URL, never the key. */
    public String host() {
        return baseUrl.map(u -> {
            try {
                return URI.create(u).getHost();
            } catch (IllegalArgumentException e) {
                return u;
            }
        }).orElse("local");
    }

    @Override
    public String toString() {
        return role.key() + ": " + model + (offline() ? "" : " at " + baseUrl.get()) + (batch ? " (batch)" : "");
    }
}
