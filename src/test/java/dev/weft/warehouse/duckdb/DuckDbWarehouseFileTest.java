package dev.weft.warehouse.duckdb;

import dev.weft.Workspace;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A DuckDB warehouse whose file is missing is an error naming the path and the key (a typo must not become a
 * new empty warehouse); only {@code weft demo} and {@code weft warehouse init} ({@link Warehouses#create}) make one.
 */
class DuckDbWarehouseFileTest {

    @TempDir
    Path workspace;

    private Warehouses warehouses(String path) {
        WarehouseConfig local = new WarehouseConfig("local", "duckdb", path, "1GB", 1, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        return new Warehouses(List.of(local), "local", new Workspace(workspace.toString()));
    }

    @Test
    void aMissingFileOrFolderIsAnErrorNamingThePathAndTheKey() {
        try (Warehouses w = warehouses(null)) {
            assertThatThrownBy(w::primary)
                    .hasMessageContaining("weft.warehouses.local.path")
                    .hasMessageContaining(workspace.resolve(".weft/warehouse.duckdb").toString())
                    .hasMessageContaining("does not exist either")
                    .hasMessageContaining("weft demo").hasMessageContaining("weft warehouse init");
        }
        try (Warehouses w = warehouses("typo/wh.duckdb")) {
            assertThatThrownBy(w::primary).hasMessageContaining(workspace.resolve("typo/wh.duckdb").toString());
        }
        assertThat(workspace.resolve(".weft")).doesNotExist();
        assertThat(workspace.resolve("typo")).doesNotExist();
    }

    @Test
    void createMakesTheFileInAnOwnerOnlyFolderAndAPlainOpenFindsIt() throws Exception {
        try (Warehouses w = warehouses(null)) {
            w.create("local").execute("CREATE TABLE kept AS SELECT 42 AS answer");
        }
        assertThat(workspace.resolve(".weft/warehouse.duckdb")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.resolve(".weft")))).isEqualTo("rwx------");
        try (Warehouses w = warehouses(null)) {
            assertThat(w.primary().queryLong("SELECT answer FROM kept")).hasValue(42L);
        }
    }
}
