package dev.parley.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases Parley can keep its runs in. Both datasources are declared at build time (a
 * datasource's kind cannot change after the build); {@code parley.store.kind} activates one of them
 * when the application starts.
 */
public enum StoreKind {

    /** An embedded H2 file under {@code parley.data-dir}: nothing to install, one machine. */
    H2("<default>", "quarkus.datasource.active"),

    /** A PostgreSQL server that several Parley processes share. */
    POSTGRESQL("postgresql", "quarkus.datasource.\"postgresql\".active");

    private final String dataSourceName;
    private final String activeKey;

    StoreKind(String dataSourceName, String activeKey) {
        this.dataSourceName = dataSourceName;
        this.activeKey = activeKey;
    }

    /** The Quarkus datasource that holds this kind of store ({@code <default>} is the unnamed one). */
    public String dataSourceName() {
        return dataSourceName;
    }

    /** The configuration key that switches this kind's datasource on or off. */
    public String activeKey() {
        return activeKey;
    }

    /** Lower-case name, as configured. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a configured value names, ignoring case and surrounding blanks; empty for an unknown name. */
    public static Optional<StoreKind> parse(String value) {
        String wanted = value.strip();
        for (StoreKind kind : values()) {
            if (kind.name().equalsIgnoreCase(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
