package dev.weft.warehouse;

import dev.weft.Workspace;
import io.micronaut.context.exceptions.ConfigurationException;

import java.util.List;
import java.util.function.Function;

/**
 * One warehouse engine Weft runs on. Each engine lives in its own package ({@code dev.weft.warehouse.duckdb},
 * {@code .postgres}, ...) with its warehouse, dialect and helpers, and names this class in
 * {@code META-INF/services/dev.weft.warehouse.WarehouseEngine}; {@link WarehouseEngines} finds it there, so no
 * list of engines is written anywhere else. {@link Warehouses} checks a config's {@link #requiredKeys()} when
 * the application starts and opens the warehouse through {@link #open} on first use.
 */
public interface WarehouseEngine {

    /**
     * The {@code type} under {@code weft.warehouses.<name>} that selects this engine: its dialect's name, which is
     * also the suffix of its {@code sql/} override files and the folder of its golden SQL.
     */
    default String type() {
        return dialect().name();
    }

    /** The keys a config of this type cannot work without (every other key has a default). */
    List<RequiredKey> requiredKeys();

    /** The engine's SQL dialect, usable without a connection (compiling models, rendering statements offline). */
    Dialect dialect();

    /** Opens a configured warehouse of this type; connection failures are errors naming the config key. */
    Warehouse open(WarehouseConfig config, Workspace workspace);

    /**
     * True for an embedded database: a file that one process at a time may hold open (DuckDB), so while {@code weft
     * serve} holds it, the CLI's commands run in the server.
     */
    default boolean embedded() {
        return false;
    }

    /**
     * Like {@link #open}, but an embedded database that does not exist yet is created: only {@code weft demo} and
     * {@code weft warehouse init} do this. The same as {@link #open} for engines that are servers.
     */
    default Warehouse create(WarehouseConfig config, Workspace workspace) {
        return open(config, workspace);
    }

    /**
     * The config of the same account with unqualified names resolving in another schema, which must exist: for a
     * scratch schema ({@code weft warehouse check}). The {@code schema} key by default; an engine whose schemas go by
     * another key (BigQuery's datasets) overrides this.
     */
    default WarehouseConfig inSchema(WarehouseConfig config, String schema) {
        return config.withSchema(schema);
    }

    /** Fails, naming the key, when the config lacks one of the {@link #requiredKeys()}. */
    default void checkKeys(WarehouseConfig config) {
        for (RequiredKey key : requiredKeys()) {
            String value = key.value().apply(config);
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(config.key() + "." + key.name() + " is required for a " + type()
                        + " warehouse" + (key.hint().isEmpty() ? "" : " (" + key.hint() + ")"));
            }
        }
    }

    /**
     * A key a config must set: its name under {@code weft.warehouses.<name>}, how to read it (which may accept an
     * alternative key) and a hint for the error message, empty when the name says enough.
     */
    record RequiredKey(String name, Function<WarehouseConfig, String> value, String hint) {
    }
}
