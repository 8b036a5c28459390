package dev.weft.warehouse;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The warehouse engines on the class path, found once through {@link ServiceLoader} (each engine package lists
 * its {@link WarehouseEngine} in {@code META-INF/services/dev.weft.warehouse.WarehouseEngine}). A service file
 * rather than Micronaut beans because warehouses are also opened without an application context (tests,
 * benchmarks: {@code new Warehouses(...)}), and both paths must see the same engines.
 */
public final class WarehouseEngines {

    private static final List<WarehouseEngine> ALL = load();

    private WarehouseEngines() {
    }

    /** Every engine, in the order the service files list them. */
    public static List<WarehouseEngine> all() {
        return ALL;
    }

    /** The engine a config {@code type} selects. */
    public static Optional<WarehouseEngine> byType(String type) {
        return ALL.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    /** The {@code type} of every engine, in the order of {@link #all()}. */
    public static List<String> types() {
        return ALL.stream().map(WarehouseEngine::type).toList();
    }

    private static List<WarehouseEngine> load() {
        List<WarehouseEngine> engines = ServiceLoader.load(WarehouseEngine.class, WarehouseEngine.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
        Set<String> seen = new HashSet<>();
        for (WarehouseEngine engine : engines) {
            if (!seen.add(engine.type())) {
                throw new IllegalStateException("two warehouse engines have the type '" + engine.type() + "': "
                        + engines.stream().filter(e -> e.type().equals(engine.type())).map(e -> e.getClass().getName()).toList());
            }
        }
        return engines;
    }
}
