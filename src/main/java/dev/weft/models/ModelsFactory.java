package dev.weft.models;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires the {@link ModelRunner} to the primary warehouse and the workspace. */
@Factory
public class ModelsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    ModelRunner modelRunner(Warehouses warehouses, Workspace workspace, ModelRunStore runs, ModelsConfig config,
                            ModelMetrics metrics, AuditLog audit) {
        return new ModelRunner(warehouses.primary(), workspace.root(), workspace.stateDir(), runs,
                config.threadsOrDefault(), metrics, audit);
    }
}
