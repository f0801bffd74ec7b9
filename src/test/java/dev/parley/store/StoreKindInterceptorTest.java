package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@code parley.store.kind} decides which datasource is active, read as Quarkus reads configuration. */
class StoreKindInterceptorTest {

    private static final String H2_ACTIVE = "quarkus.datasource.active";
    private static final String POSTGRESQL_ACTIVE = "quarkus.datasource.\"postgresql\".active";

    private static SmallRyeConfig config(Map<String, String> values, String... profiles) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors().withInterceptors(new StoreKindInterceptor())
                .withProfiles(List.of(profiles)).withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
    }

    private static Optional<Boolean> active(SmallRyeConfig config, String key) {
        return config.getOptionalValue(key, Boolean.class);
    }

    @Test
    void activates_h2_alone_when_no_kind_is_set() {
        SmallRyeConfig config = config(Map.of());

        assertThat(active(config, H2_ACTIVE)).contains(true);
        assertThat(active(config, POSTGRESQL_ACTIVE)).contains(false);
    }

    @Test
    void activates_postgresql_alone_when_the_kind_says_so_in_any_case() {
        for (String kind : new String[] { "postgresql", "POSTGRESQL", " PostgreSQL " }) {
            SmallRyeConfig config = config(Map.of("parley.store.kind", kind));

            assertThat(active(config, H2_ACTIVE)).as(kind).contains(false);
            assertThat(active(config, POSTGRESQL_ACTIVE)).as(kind).contains(true);
        }
    }

    @Test
    void reads_the_kind_through_profiles_and_expressions() {
        SmallRyeConfig config = config(Map.of("parley.store.kind", "h2", "%worker.parley.store.kind", "${db}",
                "db", "postgresql"), "worker");

        assertThat(active(config, H2_ACTIVE)).contains(false);
        assertThat(active(config, POSTGRESQL_ACTIVE)).contains(true);
    }

    @Test
    void overrides_an_active_flag_set_directly() {
        SmallRyeConfig config = config(Map.of("parley.store.kind", "h2", POSTGRESQL_ACTIVE, "true"));

        assertThat(active(config, POSTGRESQL_ACTIVE)).contains(false);
    }

    @Test
    void leaves_the_flags_alone_for_an_unknown_kind_which_the_configuration_mapping_rejects() {
        SmallRyeConfig config = config(Map.of("parley.store.kind", "postgres"));

        assertThat(active(config, H2_ACTIVE)).isEmpty();
        assertThat(active(config, POSTGRESQL_ACTIVE)).isEmpty();
    }

    @Test
    void passes_other_keys_through() {
        SmallRyeConfig config = config(Map.of("parley.store.kind", "postgresql", "quarkus.datasource.jdbc.url", "jdbc:h2:mem:x"));

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class)).isEqualTo("jdbc:h2:mem:x");
    }
}
