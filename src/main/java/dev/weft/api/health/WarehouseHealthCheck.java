package dev.weft.api.health;

import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Readiness: the primary warehouse opens (or its connection is still good) and answers
 * {@code sql/health/ping.sql}, within the check's time limit.
 */
@Singleton
public class WarehouseHealthCheck extends TimedHealthCheck {

    private final Warehouses warehouses;
    private final Duration timeout;

    public WarehouseHealthCheck(Warehouses warehouses, @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                                @Value("${weft.health.timeout:5s}") Duration timeout) {
        super(executor, timeout);
        this.warehouses = warehouses;
        this.timeout = timeout;
    }

    @Override
    String name() {
        return "warehouse";
    }

    @Override
    Map<String, Object> check() {
        Warehouse warehouse = warehouses.primary();
        warehouse.withQueryTimeout(timeout).queryLong(SqlTemplates.render(warehouse.dialect(), "health/ping.sql", Map.of()));
        return Map.of("name", warehouse.name(), "type", warehouse.dialect().name());
    }
}
