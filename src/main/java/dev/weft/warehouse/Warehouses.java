package dev.weft.warehouse;

import dev.weft.WeftException;
import dev.weft.Workspace;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The warehouses named under {@code weft.warehouses}, checked when the application starts (a wrong
 * name or type fails the start with the key that is wrong) and opened on first use.
 */
@Context
public class Warehouses implements AutoCloseable {

    static final Set<String> TYPES = Set.of("duckdb", "postgres", "snowflake", "bigquery");

    private final Map<String, WarehouseConfig> configs = new TreeMap<>();
    private final String defaultName;
    private final Workspace workspace;
    private final Map<String, Warehouse> open = new ConcurrentHashMap<>();

    public Warehouses(List<WarehouseConfig> configs, @Value("${weft.warehouse:local}") String defaultName,
                      Workspace workspace) {
        this.workspace = workspace;
        for (WarehouseConfig c : configs) {
            if (c.type() == null) {
                throw new ConfigurationException(c.key() + ".type is missing: one of " + TYPES.stream().sorted().toList());
            }
            if (!TYPES.contains(c.type())) {
                throw new ConfigurationException(c.key() + ".type = '" + c.type() + "' is not a warehouse type: one of "
                        + TYPES.stream().sorted().toList());
            }
            this.configs.put(c.name(), c);
        }
        if (!this.configs.containsKey(defaultName)) {
            throw new ConfigurationException("weft.warehouse = '" + defaultName + "' names no warehouse under weft.warehouses"
                    + " (configured: " + this.configs.keySet() + ")");
        }
        this.defaultName = defaultName;
    }

    /** The warehouse that {@code weft.warehouse} names. */
    public Warehouse primary() {
        return get(defaultName);
    }

    public Warehouse get(String name) {
        WarehouseConfig config = configs.get(name);
        if (config == null) {
            throw new WeftException("no warehouse named '" + name + "' under weft.warehouses (configured: " + configs.keySet() + ")");
        }
        return open.computeIfAbsent(name, n -> openWarehouse(config));
    }

    public Set<String> names() {
        return configs.keySet();
    }

    private Warehouse openWarehouse(WarehouseConfig config) {
        return switch (config.type()) {
            case "duckdb" -> new DuckDbWarehouse(config, workspace.root());
            case "postgres" -> new PostgresWarehouse(config);
            default -> throw new WeftException(config.key() + ".type = '" + config.type() + "' is not available yet");
        };
    }

    @PreDestroy
    @Override
    public void close() {
        open.values().forEach(Warehouse::close);
        open.clear();
    }
}
