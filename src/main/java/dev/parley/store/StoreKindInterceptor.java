package dev.parley.store;

import java.util.Optional;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

import dev.parley.config.StoreKind;

/**
 * Derives {@code quarkus.datasource.active} and {@code quarkus.datasource."postgresql".active} from
 * the one setting {@code parley.store.kind}, so that a user chooses the database with one key (or
 * {@code PARLEY_STORE_KIND}) and exactly one datasource, with its Flyway migration, starts.
 *
 * <p>An interceptor rather than expressions in {@code application.properties}, because a property
 * expression cannot compare values; rather than a {@code ConfigSourceFactory}, because an interceptor
 * sees every source, test profile overrides included, whenever the value is read. It is registered
 * in {@code META-INF/services}, which Quarkus reads for the packaged jar and the native executable alike.
 * The two keys belong to Parley: a value set for them directly is overridden.
 */
@Priority(Priorities.APPLICATION)
public class StoreKindInterceptor implements ConfigSourceInterceptor {

    static final String KIND_KEY = "parley.store.kind";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        for (StoreKind candidate : StoreKind.values()) {
            if (candidate.activeKey().equals(name)) {
                Optional<StoreKind> selected = selected(context);
                if (selected.isEmpty()) {
                    // An unknown kind: ParleyConfig rejects it at start-up with the allowed values.
                    return context.proceed(name);
                }
                return ConfigValue.builder().withName(name).withValue(Boolean.toString(selected.get() == candidate))
                        .withConfigSourceName(KIND_KEY + "=" + selected.get().key()).build();
            }
        }
        return context.proceed(name);
    }

    private static Optional<StoreKind> selected(ConfigSourceInterceptorContext context) {
        // restart, not proceed: the kind is read through the whole chain, profiles and expressions included.
        ConfigValue kind = context.restart(KIND_KEY);
        if (kind == null || kind.getValue() == null || kind.getValue().isBlank()) {
            return Optional.of(StoreKind.H2);
        }
        return StoreKind.parse(kind.getValue());
    }
}
