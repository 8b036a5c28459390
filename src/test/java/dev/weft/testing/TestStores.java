package dev.weft.testing;

import dev.weft.Workspace;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;

import java.nio.file.Path;

/** Operational stores for tests: the embedded H2 file in a temp folder, or a fresh schema of the test Postgres. */
public final class TestStores {

    private TestStores() {
    }

    /** The default embedded store, as {@code weft} opens it, under {@code dir/.weft/store}. */
    public static Store h2(Path dir) {
        return new Store(new StoreConfig(null, null, null, 4), new Workspace(dir.toString()));
    }

    /** A store in {@code schema} (from {@link TestPostgres#freshSchema}); skips the test when no Postgres answers. */
    public static Store postgres(String schema, Path workspace) {
        String url = TestPostgres.url() + "&currentSchema=" + schema;
        return new Store(new StoreConfig(url, null, null, 4), new Workspace(workspace.toString()));
    }
}
