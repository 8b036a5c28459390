package dev.weft.models;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;

class DuckDbSnapshotsTest extends SnapshotsContract {

    @Override
    protected Warehouse openEmptyWarehouse() {
        return TestDuckDb.open(dir);
    }
}
