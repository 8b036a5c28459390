package dev.weft;

import dev.weft.testing.TestMounts;
import dev.weft.testing.TestStores;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where Weft creates its state (the embedded store and warehouse under {@code .weft/}), a read-only workspace
 * and a full disk are reported as such, naming the path, instead of as the engines' "cannot create file".
 */
class StateFilesTest {

    @TempDir
    Path dir;

    private static Warehouses embeddedWarehouse(Path workspace) {
        WarehouseConfig local = new WarehouseConfig("local", "duckdb", null, "1GB", 1, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
        return new Warehouses(List.of(local), "local", new Workspace(workspace.toString()));
    }

    @Test
    void aReadOnlyWorkspaceIsSaidToBeReadOnly() throws Exception {
        Path workspace = dir.resolve("ro");
        try (TestMounts.Mount mount = TestMounts.tmpfs(workspace, 1024)) {
            mount.readOnly();
            assertThatThrownBy(() -> TestStores.h2(workspace).close())
                    .isInstanceOf(WeftException.class).hasMessageContaining("read-only file system").hasMessageContaining(workspace + "/.weft");
            try (Warehouses warehouses = embeddedWarehouse(workspace)) {
                assertThatThrownBy(() -> warehouses.create("local"))
                        .hasMessageContaining("read-only file system").hasMessageContaining(workspace + "/.weft");
            }
        }
    }

    @Test
    void aWorkspaceMadeReadOnlyAfterItsStoreExistedIsSaidToBeReadOnly() throws Exception {
        Path workspace = dir.resolve("ro-later");
        try (TestMounts.Mount mount = TestMounts.tmpfs(workspace, 4096)) {
            TestStores.h2(workspace).close();
            embeddedWarehouse(workspace).create("local").close();
            mount.readOnly();
            assertThatThrownBy(() -> TestStores.h2(workspace).close())
                    .hasMessageContaining("read-only file system").hasMessageContaining(workspace + "/.weft");
            try (Warehouses warehouses = embeddedWarehouse(workspace)) {
                assertThatThrownBy(() -> warehouses.primary())
                        .hasMessageContaining("read-only file system").hasMessageContaining(workspace + "/.weft/warehouse.duckdb");
            }
        }
    }

    @Test
    void aFullDiskIsSaidToBeFull() throws Exception {
        Path workspace = dir.resolve("full");
        try (TestMounts.Mount ignored = TestMounts.tmpfs(workspace, 256)) {
            TestMounts.fill(workspace);
            assertThatThrownBy(() -> TestStores.h2(workspace).close())
                    .hasMessageContaining("is full (No space left on device)").hasMessageContaining(workspace + "/.weft");
            try (Warehouses warehouses = embeddedWarehouse(workspace)) {
                assertThatThrownBy(() -> warehouses.create("local"))
                        .hasMessageContaining("is full (No space left on device)").hasMessageContaining(workspace + "/.weft");
            }
        }
    }

    @Test
    void aFullDiskUnderAnExistingStoreIsSaidToBeFull() throws Exception {
        Path workspace = dir.resolve("full-later");
        try (TestMounts.Mount ignored = TestMounts.tmpfs(workspace, 4096)) {
            TestStores.h2(workspace).close();
            TestMounts.fill(workspace);
            assertThatThrownBy(() -> TestStores.h2(workspace).close())
                    .hasMessageContaining("is full (No space left on device)").hasMessageContaining(workspace + "/.weft/store");
        }
    }
}
