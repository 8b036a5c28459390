package dev.weft.store;

import dev.weft.testing.TestPostgres;
import dev.weft.testing.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on PostgreSQL (production), in a schema of its own. */
class PostgresStoreTest extends StoreContract {

    @TempDir
    static Path dir;

    private String schema;

    @Override
    protected Store openStore() {
        schema = TestPostgres.freshSchema("store");
        return TestStores.postgres(schema, dir);
    }

    @AfterAll
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
