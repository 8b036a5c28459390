package dev.weft.alerts;

import dev.weft.store.Store;
import dev.weft.testing.TestStores;

import java.nio.file.Path;

/** {@link AlertsContract} with incidents in the embedded H2 store. */
class H2AlertsTest extends AlertsContract {

    @Override
    Store store(Path dir) {
        return TestStores.h2(dir);
    }
}
