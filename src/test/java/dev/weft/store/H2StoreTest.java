package dev.weft.store;

import dev.weft.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on the embedded H2 file, as a fresh workspace gets it. */
class H2StoreTest extends StoreContract {

    @TempDir
    static Path dir;

    @Override
    protected Store openStore() {
        return TestStores.h2(dir);
    }
}
