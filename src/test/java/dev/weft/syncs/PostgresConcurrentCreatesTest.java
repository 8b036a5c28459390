package dev.weft.syncs;

import dev.weft.store.Store;
import dev.weft.testing.TestPostgres;
import dev.weft.testing.TestStores;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;

/** Concurrent creates on a PostgreSQL store, in a schema of its own. */
class PostgresConcurrentCreatesTest extends ConcurrentCreatesContract {

    private String schema;

    @Override
    protected Store openStore(Path dir) {
        schema = TestPostgres.freshSchema("creates");
        return TestStores.postgres(schema, dir);
    }

    @AfterAll
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
