package dev.weft.demo;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A writer thread that fails must stop the seed with its error, never hang it or lose the message. */
class ThreadedRowSinkTest {

    @TempDir
    Path dir;

    private Warehouse warehouse;

    @BeforeEach
    void open() {
        warehouse = TestDuckDb.open(dir);
        RawTables.create(warehouse, false);
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private void seed(long profiles) {
        try (ThreadedRowSink sink = new ThreadedRowSink(warehouse, false)) {
            new SyntheticCustomers(1).generate(profiles, false, sink, done -> { });
        }
    }

    @Test
    void failureWhileStreamingStopsTheGeneratorWithTheWritersError() {
        warehouse.executeAll(List.of("DROP TABLE raw_events"));
        // Thousands of events fill many batches: the failure reaches the generator before the end.
        assertThatThrownBy(() -> seed(2_000)).hasMessageContaining("raw_events").hasNoSuppressedExceptions();
    }

    @Test
    void failureOfAWriterThatNeverFilledABatchSurfacesOnClose() {
        warehouse.executeAll(List.of("DROP TABLE raw_orders"));
        assertThatThrownBy(() -> seed(200)).hasMessageContaining("raw_orders");
        // The healthy tables were still committed.
        assertThat(warehouse.queryLong("SELECT count(*) FROM raw_events").orElseThrow()).isPositive();
    }
}
