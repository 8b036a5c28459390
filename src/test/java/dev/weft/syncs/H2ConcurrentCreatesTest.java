package dev.weft.syncs;

import dev.weft.store.Store;
import dev.weft.testing.TestStores;

import java.nio.file.Path;

/** Concurrent creates on the embedded H2 store. */
class H2ConcurrentCreatesTest extends ConcurrentCreatesContract {

    @Override
    protected Store openStore(Path dir) {
        return TestStores.h2(dir);
    }
}
