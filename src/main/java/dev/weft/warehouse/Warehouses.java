package dev.weft.warehouse;

import dev.weft.WeftException;
import dev.weft.Workspace;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.time.Duration;
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

    static final Duration DEFAULT_INTERACTIVE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, WarehouseConfig> configs = new TreeMap<>();
    private final String defaultName;
    private final Workspace workspace;
    private final Map<String, Warehouse> open = new ConcurrentHashMap<>();
    private final Duration interactiveTimeout;

    /** With the default time limit for interactive queries (tools and tests that never serve requests). */
    public Warehouses(List<WarehouseConfig> configs, String defaultName, Workspace workspace) {
        this(configs, defaultName, workspace, DEFAULT_INTERACTIVE_TIMEOUT);
    }

    @Inject
    public Warehouses(List<WarehouseConfig> configs, @Value("${weft.warehouse:local}") String defaultName,
                      Workspace workspace, @Value("${weft.interactive-timeout:10s}") Duration interactiveTimeout) {
        if (interactiveTimeout.isNegative() || interactiveTimeout.isZero()) {
            throw new ConfigurationException("weft.interactive-timeout = " + interactiveTimeout + " must be positive (e.g. 10s, 1m)");
        }
        this.interactiveTimeout = interactiveTimeout;
        this.workspace = workspace;
        List<String> types = WarehouseEngines.types().stream().sorted().toList();
        for (WarehouseConfig c : configs) {
            if (c.type() == null) {
                throw new ConfigurationException(c.key() + ".type is missing: one of " + types);
            }
            WarehouseEngines.byType(c.type()).orElseThrow(() -> new ConfigurationException(
                    c.key() + ".type = '" + c.type() + "' is not a warehouse type: one of " + types)).checkKeys(c);
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

    /**
     * The primary warehouse with {@code weft.interactive-timeout} on every statement: for the reads behind
     * requests a person waits for (previews, overlaps, profile lookups, explanations).
     */
    public Warehouse interactive() {
        return primary().withQueryTimeout(interactiveTimeout);
    }

    public Warehouse get(String name) {
        WarehouseConfig config = config(name);
        return open.computeIfAbsent(name, n -> engine(config).open(config, workspace));
    }

    /**
     * Like {@link #get(String)}, but an embedded warehouse whose file is missing is created (with its folder):
     * only {@code weft demo} and {@code weft warehouse init} do this; everything else treats a missing file as an error.
     */
    public Warehouse create(String name) {
        WarehouseConfig config = configs.get(name);
        if (config == null) {
            return get(name);
        }
        return open.computeIfAbsent(name, n -> engine(config).create(config, workspace));
    }

    /**
     * A new connection to warehouse {@code name}'s account whose unqualified names resolve in {@code schema} (which
     * must exist), for work that must not touch the configured schema (a scratch schema). Not shared: the caller
     * closes it.
     */
    public Warehouse openInSchema(String name, String schema) {
        WarehouseConfig config = config(name);
        WarehouseEngine engine = engine(config);
        return engine.open(engine.inSchema(config, schema), workspace);
    }

    /** The name {@code weft.warehouse} gives the primary warehouse. */
    public String primaryName() {
        return defaultName;
    }

    /** True when a configured warehouse is an embedded file that one process at a time may hold (DuckDB). */
    public boolean anyEmbedded() {
        return configs.values().stream().anyMatch(c -> engine(c).embedded());
    }

    public Set<String> names() {
        return configs.keySet();
    }

    private WarehouseConfig config(String name) {
        WarehouseConfig config = configs.get(name);
        if (config == null) {
            throw new WeftException("no warehouse named '" + name + "' under weft.warehouses (configured: " + configs.keySet() + ")");
        }
        return config;
    }

    private static WarehouseEngine engine(WarehouseConfig config) {
        return WarehouseEngines.byType(config.type()).orElseThrow(() -> new IllegalStateException("type checked at start: " + config.type()));
    }

    @PreDestroy
    @Override
    public void close() {
        open.values().forEach(Warehouse::close);
        open.clear();
    }
}
