package dev.parley.llm;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.parley.config.ParleyConfig;

/**
 * Resolves the model settings of each role: the role's own configuration, then the shared
 * {@code parley.llm.*} values, then the recipe's model names on top. With neither a base URL nor
 * an API key, the role uses the offline demo model.
 */
@ApplicationScoped
public class ModelEndpoints {

    /** OpenAI's API, used when only an API key is configured. */
    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    /** Model used against OpenAI's API when none is named. */
    public static final String OPENAI_DEFAULT_MODEL = "gpt-4o-mini";

    private final ParleyConfig config;

    @Inject
    public ModelEndpoints(ParleyConfig config) {
        this.config = config;
    }

    /**
     * The endpoint for a role.
     *
     * @param recipeModel the model name the recipe asks for, if any
     * @throws IllegalArgumentException when a base URL is set but no model is named anywhere
     */
    public ModelEndpoint resolve(ModelRole role, Optional<String> recipeModel) {
        return resolve(role, recipeModel, Optional.empty());
    }

    /**
     * The endpoint for a role, in batch mode when the recipe says so, or else when the role's (or the shared)
     * {@code batch} setting says so.
     *
     * @param recipeModel the model name the recipe asks for, if any
     * @param recipeBatch whether the recipe sends this role's requests through the provider's batch API, if it says
     * @throws IllegalArgumentException when a base URL is set but no model is named anywhere
     */
    public ModelEndpoint resolve(ModelRole role, Optional<String> recipeModel, Optional<Boolean> recipeBatch) {
        ParleyConfig.Endpoint own = switch (role) {
            case JUDGE -> config.llm().judge();
            case USER -> config.llm().user();
            case TOOLS -> config.llm().tools();
            case GENERATOR -> config.llm().generator();
        };
        ParleyConfig.Endpoint shared = config.llm().shared();
        Optional<String> baseUrl = own.baseUrl().or(shared::baseUrl).map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> apiKey = own.apiKey().or(shared::apiKey).map(String::strip).filter(s -> !s.isEmpty());
        // The judge scores at temperature 0 unless told otherwise, so its verdicts repeat; the tool simulator
        // too, so the same call gets the same result.
        boolean steady = role == ModelRole.JUDGE || role == ModelRole.TOOLS;
        double defaultTemperature = steady ? 0.0 : 0.9;
        double temperature = own.temperature().isPresent() ? own.temperature().getAsDouble()
                : steady ? defaultTemperature
                        : shared.temperature().isPresent() ? shared.temperature().getAsDouble() : defaultTemperature;
        if (baseUrl.isEmpty() && apiKey.isEmpty()) {
            return ModelEndpoint.offline(role, temperature);
        }
        String url = baseUrl.orElse(OPENAI_BASE_URL);
        Optional<String> model = recipeModel.or(own::model).or(shared::model);
        if (model.isEmpty() && !url.equals(OPENAI_BASE_URL)) {
            throw new IllegalArgumentException("no model named for the " + role.key() + " at " + url
                    + ": set parley.llm.model (PARLEY_LLM_MODEL) or parley.llm." + role.key() + ".model");
        }
        boolean batch = recipeBatch.or(own::batch).or(shared::batch).orElse(false);
        return new ModelEndpoint(role, Optional.of(url), apiKey, model.orElse(OPENAI_DEFAULT_MODEL), temperature, batch);
    }
}
