package dev.weft.syncs;

import dev.weft.destinations.Operation;
import dev.weft.store.Store;
import dev.weft.testing.TestPostgres;
import dev.weft.testing.TestStores;
import dev.weft.warehouse.BulkWriter;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's rows: a batch of acknowledgements as lines, read back exactly and in order whatever the keys hold,
 * and the journal of one row per record (before store version V85) carried over into them.
 */
class AckJournalTest {

    /** Keys a source can produce: escapes, tabs, newlines, a trailing backslash, non-ASCII. */
    private static final List<String> AWKWARD_KEYS = List.of("plain", "tab\there", "two\nlines", "back\\slash", "ends\\",
            "\\t literally", "naïve 東京 😀", "", "carriage\rreturn");

    @TempDir
    Path dir;

    @Test
    void everyKeyComesBackExactlyAndInTheOrderAcknowledged() {
        StringBuilder lines = new StringBuilder();
        List<AckJournal.Ack> acks = new ArrayList<>();
        long hash = Long.MIN_VALUE;
        for (String key : AWKWARD_KEYS) {
            Operation op = Operation.values()[acks.size() % Operation.values().length];
            AckJournal.Ack ack = new AckJournal.Ack(key, op, hash++);
            acks.add(ack);
            AckJournal.appendLine(lines, ack);
        }
        Collected read = new Collected();
        assertThat(AckJournal.appendLines(lines.toString(), 7, read)).isEqualTo(7 + acks.size());
        assertThat(read.acks).containsExactlyElementsOf(acks);
        assertThat(read.seqs).containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
    }

    @Test
    void aLargeBatchIsSplitIntoRowsTheStoreCanHoldAndCountedWhole() {
        try (Store store = TestStores.h2(dir)) {
            AckJournal journal = new AckJournal(store, null);
            String longKey = "k".repeat(1000);
            List<AckJournal.Ack> acks = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                acks.add(new AckJournal.Ack(longKey + i, Operation.CHANGE, i));
            }
            journal.record(new SyncState("big", "target", "weft_sync_state_big", "epoch"), "run", acks);

            assertThat(journal.pending("big")).isEqualTo(3_000);
            List<String> rows = store.dsl().select(AckJournal.ACKS).from(AckJournal.BATCHES).orderBy(AckJournal.ID).fetch(AckJournal.ACKS);
            assertThat(rows).hasSizeGreaterThan(1).allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(500_000));
            Collected read = new Collected();
            long seq = 0;
            for (String row : rows) {
                seq = AckJournal.appendLines(row, seq, read);
            }
            assertThat(read.acks).containsExactlyElementsOf(acks);
        }
    }

    @Test
    void theJournalOfOneRowPerRecordIsCarriedOverOnH2() throws Exception {
        carriesOver("jdbc:h2:mem:acks_v85;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @Test
    void theJournalOfOneRowPerRecordIsCarriedOverOnPostgres() throws Exception {
        carriesOver(TestPostgres.url() + "&currentSchema=" + TestPostgres.freshSchema("acks_v85"));
    }

    private void carriesOver(String url) throws Exception {
        MigrationVersion v85 = MigrationVersion.fromVersion("85");
        MigrationVersion before = Arrays.stream(Flyway.configure().dataSource(url, null, null).locations("classpath:db/store").load()
                .info().all()).map(MigrationInfo::getVersion).filter(v -> v.compareTo(v85) < 0).max(Comparator.naturalOrder()).orElseThrow();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/store").target(before).load().migrate();
        List<AckJournal.Ack> acks = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement insert = c.prepareStatement("INSERT INTO weft_sync_acks (sync_id, run_id, record_key, operation,"
                     + " payload_hash, acked_at, state_table) VALUES ('crm', 'old', ?, ?, ?, CURRENT_TIMESTAMP, 'weft_sync_state_crm')")) {
            long hash = -3;
            for (String key : AWKWARD_KEYS) {
                AckJournal.Ack ack = new AckJournal.Ack(key, acks.size() % 2 == 0 ? Operation.ADD : Operation.REMOVE, hash++);
                acks.add(ack);
                insert.setString(1, key);
                insert.setString(2, ack.operation().name().toLowerCase());
                insert.setLong(3, ack.payloadHash());
                insert.executeUpdate();
            }
        }
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/store").load().migrate();

        Collected read = new Collected();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT sync_id, state_table, records, acks FROM weft_sync_ack_batches ORDER BY id")) {
            long seq = 0;
            while (rows.next()) {
                assertThat(rows.getString(1)).isEqualTo("crm");
                assertThat(rows.getString(2)).isEqualTo("weft_sync_state_crm");
                assertThat(rows.getInt(3)).isEqualTo(1);
                seq = AckJournal.appendLines(rows.getString(4), seq, read);
            }
        }
        assertThat(read.acks).containsExactlyElementsOf(acks);
    }

    /** A work table's rows, as the merge would append them. */
    private static final class Collected implements BulkWriter {
        final List<AckJournal.Ack> acks = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();

        @Override
        public void append(Object... values) {
            acks.add(new AckJournal.Ack((String) values[0], Operation.valueOf(((String) values[1]).toUpperCase()), (Long) values[2]));
            seqs.add((Long) values[3]);
        }

        @Override
        public long rowCount() {
            return acks.size();
        }

        @Override
        public void close() {
        }
    }
}
