package dev.weft.alerts;

import dev.weft.store.Store;
import dev.weft.testing.TestPostgres;
import dev.weft.testing.TestStores;

import java.nio.file.Path;

/** {@link AlertsContract} with incidents in a Postgres store (a fresh schema). */
class PostgresAlertsTest extends AlertsContract {

    @Override
    Store store(Path dir) {
        return TestStores.postgres(TestPostgres.freshSchema("alerts"), dir);
    }
}
