package dev.weft.warehouse.throwaway;

import dev.weft.Workspace;
import dev.weft.cli.WeftCommand;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseContract;
import dev.weft.warehouse.WarehouseEngines;
import dev.weft.warehouse.Warehouses;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An engine added the way the docs describe, in this package and a test-scope service file only: Weft finds it by
 * its type, checks its keys, opens it, renders statements and compiles models with its dialect, and it passes the
 * contract every engine passes.
 */
class ThrowawayEngineTest extends WarehouseContract {

    @TempDir
    Path workspace;

    private static WarehouseConfig config(String path) {
        return new WarehouseConfig("scratch", "throwaway", path, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Override
    protected Warehouse openEmptyWarehouse() {
        return new Warehouses(List.of(config("scratch.duckdb")), "scratch", new Workspace(workspace.toString())).primary();
    }

    @Override
    protected String slowQuery() {
        return "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range < 0";
    }

    @Test
    void isFoundByItsType() {
        assertThat(WarehouseEngines.types()).contains("throwaway", "duckdb", "postgres", "snowflake", "bigquery");
        assertThat(warehouse).isInstanceOf(ThrowawayWarehouse.class);
        assertThat(warehouse.dialect().name()).isEqualTo("throwaway");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> new Warehouses(List.of(config(null)), "scratch", new Workspace(workspace.toString())))
                .hasMessage("weft.warehouses.scratch.path is required for a throwaway warehouse"
                        + " (the database file, relative to the workspace)");
    }

    @Test
    void itsDialectRendersTheStatementTemplates() {
        warehouse.executeAll(SqlTemplates.statements(warehouse.dialect(), "syncs/acks_table.sql", Map.of(
                "acks", "weft_acks_x", "state", "weft_state_x", "plan", "weft_plan_x",
                "varchar", warehouse.dialect().typeName(ColumnType.VARCHAR))));
        assertThat(warehouse.listTables()).contains("weft_acks_x", "weft_state_x", "weft_plan_x");
    }

    @Test
    void modelsCompileForItsDialect() throws Exception {
        Files.createDirectories(workspace.resolve("models"));
        Files.writeString(workspace.resolve("models/engine.sql"), "select '{{ target.type }}' as engine");
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of("weft.workspace", workspace.toString())).start()) {
            int exit = new CommandLine(WeftCommand.class, new MicronautFactory(context)).execute("models", "compile", "--dialect", "throwaway");
            assertThat(exit).isZero();
        }
        assertThat(Files.readString(workspace.resolve(".weft/compiled/throwaway/models/engine.sql"))).isEqualTo("select 'throwaway' as engine\n");
    }
}
