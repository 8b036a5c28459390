package dev.weft.identity;

import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole identity run on a real engine: stitching, guards, stable IDs, incremental runs. */
abstract class IdentityPipelineContract {

    static final String CONFIG = """
            identifier_types:
              anonymous_id:
              device_id:
                max_links: {user_id: 3}
              user_id:
              email:
              phone:
                default_country_code: "1"
            priority: [user_id, email, phone, device_id, anonymous_id]
            sources:
              - name: events
                table: raw_events
                row_key: event_id
                timestamp: occurred_at
                identifiers: {anonymous_id: anonymous_id, user_id: user_id, device_id: device_id}
              - name: contacts
                table: raw_contacts
                row_key: contact_id
                timestamp: updated_at
                identifiers: {email: email, phone: phone, user_id: user_id}
            """;

    protected Warehouse wh;
    private IdentityConfig config;
    private long nextEvent;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract Warehouse openEmptyWarehouse();

    @BeforeEach
    void open() {
        wh = openEmptyWarehouse();
        config = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG));
        wh.createTable("raw_events", List.of(col("event_id", ColumnType.VARCHAR), col("anonymous_id", ColumnType.VARCHAR),
                col("user_id", ColumnType.VARCHAR), col("device_id", ColumnType.VARCHAR), col("occurred_at", ColumnType.TIMESTAMP)), true);
        wh.createTable("raw_contacts", List.of(col("contact_id", ColumnType.VARCHAR), col("email", ColumnType.VARCHAR),
                col("phone", ColumnType.VARCHAR), col("user_id", ColumnType.VARCHAR), col("updated_at", ColumnType.TIMESTAMP)), true);
    }

    @AfterEach
    void close() {
        wh.close();
    }

    /** The contract's config with per-profile limits added, e.g. {@code withLimits("user_id", 1)}. */
    private void useLimits(Object... typeAndLimit) {
        String yaml = CONFIG;
        for (int i = 0; i < typeAndLimit.length; i += 2) {
            String type = "  " + typeAndLimit[i] + ":\n";
            assertThat(yaml).contains(type);
            yaml = yaml.replace(type, type + "    limit: " + typeAndLimit[i + 1] + "\n");
        }
        config = IdentityConfigLoader.parse(Map.of("identity.yml", yaml));
    }

    private static Column col(String name, ColumnType type) {
        return new Column(name, type);
    }

    private final List<Object[]> pendingEvents = new ArrayList<>();
    private final List<Object[]> pendingContacts = new ArrayList<>();

    private void event(String anon, String user, String device) {
        clock = clock.plusSeconds(60);
        pendingEvents.add(new Object[]{"e" + (nextEvent++), anon, user, device, clock});
    }

    /** An event that arrives late: stamped {@code ago} before the newest event so far. */
    private void lateEvent(Duration ago, String anon, String user, String device) {
        pendingEvents.add(new Object[]{"e" + (nextEvent++), anon, user, device, clock.minus(ago)});
    }

    private void contact(String id, String email, String phone, String user) {
        clock = clock.plusSeconds(60);
        pendingContacts.add(new Object[]{id, email, phone, user, clock});
    }

    private void flush() {
        try (BulkWriter w = wh.bulkWriter("raw_events", List.of("event_id", "anonymous_id", "user_id", "device_id", "occurred_at"))) {
            pendingEvents.forEach(w::append);
        }
        try (BulkWriter w = wh.bulkWriter("raw_contacts", List.of("contact_id", "email", "phone", "user_id", "updated_at"))) {
            pendingContacts.forEach(w::append);
        }
        pendingEvents.clear();
        pendingContacts.clear();
    }

    private IdentityPipeline.Result run(boolean full) {
        return run(full, new ArrayList<>());
    }

    /** A run whose progress lines are collected in {@code progress}. */
    private IdentityPipeline.Result run(boolean full, List<String> progress) {
        flush();
        return new IdentityPipeline(wh, config, IdentityTables.LIVE, 99L).run(full, progress::add);
    }

    /** u1 (two cookies) and u2 (one) in one profile through a contact email they share, x@y.com; run once. */
    private void twoUsersJoinedByAnEmail() {
        event("c1", "u1", null);
        event("c2", "u1", null);
        event("c3", "u2", null);
        contact("k1", "x@y.com", null, "u1");
        contact("k2", "x@y.com", null, "u2");
        run(false);
    }

    /** The contract's config with {@code value} on the email blocklist. */
    private static IdentityConfig withEmailBlocklisted(String value) {
        return IdentityConfigLoader.parse(Map.of("identity.yml",
                CONFIG.replace("  email:\n", "  email:\n    blocklist: {values: [" + value + "]}\n")));
    }

    /** type:value -> profile_id */
    private Map<String, String> graph() {
        Map<String, String> out = new HashMap<>();
        wh.query("SELECT id_type, id_value, profile_id FROM weft_id_graph", List.of(),
                row -> out.put(row.getString(0) + ":" + row.getString(1), row.getString(2)));
        return out;
    }

    /** Every weft_profiles row as text, in profile order. */
    private List<String> profiles() {
        return wh.queryList("SELECT profile_id, first_seen, last_seen, identifier_count, user_id_count, email_count, phone_count,"
                + " device_id_count, anonymous_id_count, primary_user_id, primary_email, primary_phone, primary_device_id,"
                + " primary_anonymous_id FROM weft_profiles ORDER BY profile_id", List.of(), row -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 14; i++) {
                        sb.append(i == 0 ? "" : "|").append(i == 1 || i == 2 ? row.getInstant(i) : row.getString(i));
                    }
                    return sb.toString();
                });
    }

    private List<String> changes(String runId) {
        return wh.queryList("SELECT change || ' ' || COALESCE(old_profile_ids, '-') || ' -> ' || new_profile_id FROM weft_profile_changes"
                + " WHERE run_id = ? ORDER BY 1", List.of(runId), row -> row.getString(0));
    }

    @Test
    void stitchesNormalizesAndBlocksJunk() {
        event("c1", null, null);
        event("c1", "u1", "d1");
        event("c2", "u1", null);
        event("c3", "undefined", null);
        event("c4", "null", "d9");
        event("c5", "00000000-0000-0000-0000-000000000000", "d9");
        contact("k1", " Ann@X.com ", "(555) 123-4567", "u1");
        contact("k2", "ann@x.com", "+1 555 123 4567", null);
        contact("k3", "test@test.com", null, "u2");
        contact("k4", "bob@y.org", "0", "u2");

        IdentityPipeline.Result r = run(false);
        assertThat(r.full()).isTrue();
        Map<String, String> g = graph();
        String ann = g.get("user_id:u1");
        assertThat(ann).isNotNull();
        for (String id : List.of("anonymous_id:c1", "anonymous_id:c2", "device_id:d1", "email:ann@x.com", "phone:+15551234567")) {
            assertThat(g.get(id)).as(id).isEqualTo(ann);
        }
        assertThat(g.get("email:bob@y.org")).isEqualTo(g.get("user_id:u2")).isNotEqualTo(ann);
        assertThat(g).doesNotContainKeys("user_id:undefined", "user_id:null", "email:test@test.com", "phone:0",
                "user_id:00000000-0000-0000-0000-000000000000");
        // c4 and c5 share only device d9; the junk user ids never link them to anyone else
        assertThat(g.get("anonymous_id:c4")).isEqualTo(g.get("device_id:d9")).isEqualTo(g.get("anonymous_id:c5"));
        assertThat(g.get("anonymous_id:c3")).isNotIn(ann, g.get("user_id:u2"));
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_profiles").orElseThrow()).isEqualTo(Set.copyOf(g.values()).size());
        List<Object[]> annRow = wh.queryList("SELECT identifier_count, user_id_count, anonymous_id_count, primary_email, primary_phone"
                + " FROM weft_profiles WHERE profile_id = ?", List.of(ann),
                row -> new Object[]{row.getLong(0), row.getLong(1), row.getLong(2), row.getString(3), row.getString(4)});
        assertThat(annRow.get(0)).containsExactly(6L, 1L, 2L, "ann@x.com", "+15551234567");
        // A profile of one identifier: c3 is alone, its junk user id blocked.
        List<String> alone = wh.queryList("SELECT identifier_count || ' ' || user_id_count || ' ' || anonymous_id_count || ' '"
                + " || primary_anonymous_id || ' ' || COALESCE(primary_user_id, '-') FROM weft_profiles WHERE profile_id = ?",
                List.of(g.get("anonymous_id:c3")), row -> row.getString(0));
        assertThat(alone).containsExactly("1 0 1 c3 -");
        assertThat(changes(r.runId())).allMatch(c -> c.startsWith("NEW - -> "));
        assertThat(changes(r.runId())).hasSize(Set.copyOf(g.values()).size());
    }

    @Test
    void aRunReplacesTheWorkTablesAnEarlierRunLeftWhenItFailedMidway() {
        event("c1", "u1", null);
        IdentityPipeline.Result first = run(true);
        Map<String, String> before = graph();
        String p = WorkTables.prefix(wh, IdentityTables.LIVE.tmpPrefix());
        for (String left : List.of("rows_0", "keys_0", "ids", "blocked")) {
            wh.execute("CREATE TABLE " + p + left + " AS SELECT 1 AS x");
        }
        IdentityPipeline.Result again = run(true);
        assertThat(again.runId()).isNotEqualTo(first.runId());
        assertThat(graph()).isEqualTo(before);
    }

    @Test
    void thePrimaryIdentifierIsTheOneSeenLastAndTiesGoToTheNewestKey() {
        contact("k1", "old@x.com", null, "u1");
        contact("k2", "new@x.com", null, "u1");
        run(false);
        assertThat(primaryEmail("u1")).isEqualTo("new@x.com");

        // The old address is seen again, later: it is the primary now (an incremental run).
        contact("k3", "old@x.com", null, "u1");
        run(false);
        assertThat(primaryEmail("u1")).isEqualTo("old@x.com");

        // Two addresses last seen at the same instant: the one that entered the dictionary last wins,
        // whatever the values' order, on every engine.
        Instant same = clock.plusSeconds(3600);
        pendingContacts.add(new Object[]{"k4", "zed@y.com", null, "u2", same});
        flush();
        run(false);
        assertThat(primaryEmail("u2")).isEqualTo("zed@y.com");
        // At the watermark, so an incremental run would not read it: a full run does.
        pendingContacts.add(new Object[]{"k5", "abe@y.com", null, "u2", same});
        run(true);
        assertThat(primaryEmail("u2")).isEqualTo("abe@y.com");
    }

    private String primaryEmail(String userId) {
        return wh.queryList("SELECT p.primary_email FROM weft_profiles p JOIN weft_id_graph g ON g.profile_id = p.profile_id"
                + " WHERE g.id_type = 'user_id' AND g.id_value = ?", List.of(userId), row -> row.getString(0)).get(0);
    }

    @Test
    void hubsAreQuarantinedWithTheirReason() {
        for (int i = 0; i < 5; i++) {
            event("c" + i, "u" + i, "shared-tablet");
        }
        event("c9", "u9", "own-phone");
        run(false);
        Map<String, String> g = graph();
        assertThat(g).doesNotContainKey("device_id:shared-tablet");
        assertThat(Set.of(g.get("user_id:u0"), g.get("user_id:u1"), g.get("user_id:u2"))).hasSize(3);
        assertThat(g.get("device_id:own-phone")).isEqualTo(g.get("user_id:u9"));
        List<String> q = wh.queryList("SELECT id_value || ' ' || reason || ' ' || detail FROM weft_id_quarantine", List.of(),
                row -> row.getString(0));
        assertThat(q).containsExactly("shared-tablet hub linked to 5 user_id identifiers, more than the cap of 3");
    }

    @Test
    void incrementalRunsFindReleaseAndKeepHubsAsAFullRunDoes() {
        for (int i = 0; i < 12; i++) {
            event("old-c" + i, "old-u" + i, null);
        }
        event("c0", "u0", "tablet");
        event("c1", "u1", "tablet");
        event("c2", "u2", "tablet");
        assertThat(run(false).full()).isTrue();
        assertThat(graph()).containsKey("device_id:tablet");

        // A fourth user_id on the tablet: over the cap of 3, found by an incremental run.
        String fourth = "e" + nextEvent;
        event("c3", "u3", "tablet");
        assertThat(run(false).full()).isFalse();
        Map<String, String> g = graph();
        assertThat(g).doesNotContainKey("device_id:tablet");
        assertThat(wh.queryList("SELECT detail FROM weft_id_quarantine WHERE id_value = 'tablet'", List.of(), row -> row.getString(0)))
                .containsExactly("linked to 4 user_id identifiers, more than the cap of 3");
        assertFullRecomputeChangesNothing(g);

        // New rows that do not touch the tablet: it stays a hub, though its neighbours are not counted again.
        event("c9", "u9", "own-phone");
        assertThat(run(false).full()).isFalse();
        g = graph();
        assertThat(g).doesNotContainKey("device_id:tablet").containsKey("device_id:own-phone");
        assertFullRecomputeChangesNothing(g);

        // A higher cap releases it, a lower one quarantines it again, each in an incremental run.
        config = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG.replace("max_links: {user_id: 3}", "max_links: {user_id: 4}")));
        event("c10", "u10", null);
        assertThat(run(false).full()).isFalse();
        g = graph();
        assertThat(g.get("device_id:tablet")).isNotNull().isEqualTo(g.get("user_id:u0")).isEqualTo(g.get("user_id:u3"));
        assertFullRecomputeChangesNothing(g);
        config = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG));
        event("c11", "u11", null);
        assertThat(run(false).full()).isFalse();
        g = graph();
        assertThat(g).doesNotContainKey("device_id:tablet");
        assertFullRecomputeChangesNothing(g);

        // The row that took the tablet over its cap is deleted: the incremental run that notices releases it.
        wh.execute("DELETE FROM raw_events WHERE event_id = ?", fourth);
        assertThat(run(false).full()).isFalse();
        g = graph();
        assertThat(g.get("device_id:tablet")).isNotNull().isEqualTo(g.get("user_id:u2"));
        assertThat(g.get("user_id:u3")).isNotEqualTo(g.get("device_id:tablet"));
        assertFullRecomputeChangesNothing(g);
    }

    @Test
    void aKioskDeviceWithThousandsOfCookiesAndNoUserIdIsQuarantinedByTheDefaultCap() {
        for (int i = 0; i < 5_000; i++) {
            event("visitor-" + i, null, "kiosk");
        }
        event("c-own", null, "own-phone");
        event("c-own-2", null, "own-phone");
        IdentityPipeline.Result r = run(false);
        Map<String, String> g = graph();
        assertThat(g).doesNotContainKey("device_id:kiosk");
        assertThat(Set.of(g.get("anonymous_id:visitor-0"), g.get("anonymous_id:visitor-1"), g.get("anonymous_id:visitor-4999"))).hasSize(3);
        assertThat(g.get("anonymous_id:c-own")).isEqualTo(g.get("device_id:own-phone")).isEqualTo(g.get("anonymous_id:c-own-2"));
        assertThat(r.changes()).containsEntry("NEW", 5_001L);
        List<String> q = wh.queryList("SELECT id_value || ' ' || reason || ' ' || detail FROM weft_id_quarantine", List.of(),
                row -> row.getString(0));
        assertThat(q).containsExactly("kiosk hub linked to 5000 anonymous_id identifiers, more than the cap of 50");
        assertThat(new IdentityGraphInspector(wh, IdentityTables.LIVE).report(5, 2).quarantined())
                .extracting(x -> x.identifier().label() + " " + x.reason() + ": " + x.detail())
                .containsExactly("device_id:kiosk hub: linked to 5000 anonymous_id identifiers, more than the cap of 50");
    }

    @Test
    void deletingTheRowThatBridgedTwoPeopleSplitsThemIncrementallyAsAFullRunDoes() {
        event("c1", "u1", null);
        event("c2", "u1", "d1");
        event("c3", "u2", null);
        event("c4", "u2", "d2");
        String bridge = "e" + nextEvent;
        event("c2", "u2", null);
        event("c5", "u1", null);
        run(false);
        Map<String, String> merged = graph();
        String p = merged.get("user_id:u1");
        assertThat(merged.get("user_id:u2")).isEqualTo(p);

        // The source deletes the bridging row; the next run is incremental and reads no new row but splits.
        wh.execute("DELETE FROM raw_events WHERE event_id = ?", bridge);
        List<String> progress = new ArrayList<>();
        IdentityPipeline.Result r = run(false, progress);
        assertThat(r.full()).isFalse();
        assertThat(progress).anyMatch(line -> line.startsWith("source events: 1 links lost their row"));
        Map<String, String> g = graph();
        assertThat(g.get("user_id:u1")).isEqualTo(p).isEqualTo(g.get("anonymous_id:c2")).isEqualTo(g.get("device_id:d1"));
        String p2 = g.get("user_id:u2");
        assertThat(p2).isNotEqualTo(p).isEqualTo(g.get("anonymous_id:c3")).isEqualTo(g.get("device_id:d2"));
        assertThat(changes(r.runId())).containsExactly("SPLIT " + p + " -> " + p2);
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_id_edges WHERE row_key = ?", bridge).orElseThrow()).isZero();
        assertFullRecomputeChangesNothing(g);

        // New rows after a deletion: both are read, and the result still equals a full run's.
        event("c6", "u2", null);
        wh.execute("DELETE FROM raw_events WHERE anonymous_id = 'c5'");
        IdentityPipeline.Result r2 = run(false);
        assertThat(r2.full()).isFalse();
        Map<String, String> g2 = graph();
        assertThat(g2.get("anonymous_id:c6")).isEqualTo(p2);
        assertFullRecomputeChangesNothing(g2);

        // The first row goes: reading again since its link's first sighting reads most rows, so the run is full.
        wh.execute("DELETE FROM raw_events WHERE anonymous_id = 'c1'");
        List<String> lines = new ArrayList<>();
        IdentityPipeline.Result r3 = run(false, lines);
        assertThat(r3.full()).isTrue();
        assertThat(lines).anyMatch(line -> line.startsWith(r3.runId() + ": full run (rows disappeared from the sources; reading them again from"));
        assertThat(graph()).doesNotContainKey("anonymous_id:c1").containsEntry("user_id:u1", p);
    }

    @Test
    void theLinksAreSearchedForLostRowsOnlyWhenTheRowsDigestMoved() {
        // Other people first: reading again from a lost link's first sighting then reads a few rows of many.
        for (int person = 0; person < 12; person++) {
            event("early" + person, "early-user" + person, null);
        }
        event("c1", "u1", null);
        event("c2", "u1", "d1");
        String renamed = "e" + nextEvent;
        event("c3", "u2", "d1");
        run(false);
        String checking = "looking for links that lost their row";

        // New rows only: the rows up to the watermark are those the last run read, so no link is searched.
        event("c4", "u2", null);
        List<String> quiet = new ArrayList<>();
        assertThat(run(false, quiet).full()).isFalse();
        assertThat(quiet).noneMatch(line -> line.contains(checking));

        // An old row's key changes (a re-sync under new keys): the digest moves, the link that kept the old key is
        // found and its rows read again; the result is a full run's.
        wh.execute("UPDATE raw_events SET event_id = 'resynced' WHERE event_id = ?", renamed);
        List<String> moved = new ArrayList<>();
        assertThat(run(false, moved).full()).isFalse();
        assertThat(moved).anyMatch(line -> line.startsWith("source events: its rows up to ") && line.endsWith(checking));
        assertFullRecomputeChangesNothing(graph());

        // A warehouse from before the digest: its watermarks table gains the columns, and the first run searches.
        wh.execute("ALTER TABLE weft_id_watermarks DROP COLUMN row_count");
        wh.execute("ALTER TABLE weft_id_watermarks DROP COLUMN key_sum");
        wh.execute("DELETE FROM raw_events WHERE anonymous_id = 'c3'");
        List<String> upgraded = new ArrayList<>();
        assertThat(run(false, upgraded).full()).isFalse();
        assertThat(upgraded).anyMatch(line -> line.equals("source events: no digest of its rows recorded; " + checking));
        // c3's row made three links (c3-u2, c3-d1, u2-d1), each keeping its key.
        assertThat(upgraded).anyMatch(line -> line.startsWith("source events: 3 links lost their row"));
        Map<String, String> g = graph();
        assertThat(g).doesNotContainKey("anonymous_id:c3");
        assertFullRecomputeChangesNothing(g);
        List<String> after = new ArrayList<>();
        run(false, after);
        assertThat(after).noneMatch(line -> line.contains(checking));
    }

    @Test
    void deletingAnOldRowRewritesOnlyTheProfilesItsLinksHeld() {
        // Forty people, each seen early and again later; then one person's later row goes.
        for (int person = 0; person < 40; person++) {
            event("early" + person, "u" + person, null);
        }
        String gone = "e" + (nextEvent + 7);
        for (int person = 0; person < 40; person++) {
            event("late" + person, "u" + person, null);
        }
        run(false);
        java.time.Instant before = wh.queryList("SELECT MAX(updated_at) FROM weft_profiles", List.of(), row -> row.getInstant(0)).get(0);
        wh.execute("DELETE FROM raw_events WHERE event_id = ?", gone);
        IdentityPipeline.Result r = run(false);
        assertThat(r.full()).isFalse();
        // The run read the source again from the deleted row's time (32 other people's rows), but only the profile
        // that lost its link is written: the others' links and sightings are what they were.
        assertThat(wh.queryList("SELECT primary_user_id FROM weft_profiles WHERE updated_at > ?", List.of(before),
                row -> row.getString(0))).containsExactly("u7");
        assertThat(graph()).doesNotContainKey("anonymous_id:late7").containsKey("anonymous_id:early7");
        assertFullRecomputeChangesNothing(graph());
    }

    @Test
    void incrementalEqualsFullOnRandomGraphsWithDeletedRows() {
        Random random = new Random(17);
        List<String> written = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            // Cookies are new in each batch, users and devices come back: the links of a batch are first seen in it,
            // and its rows merge profiles of earlier batches. Every row links its cookie to a user or a device: an
            // incremental run notices a deleted row through the links it made (docs/identity.md, "Deleted rows").
            for (int i = 0; i < 200; i++) {
                written.add("e" + nextEvent);
                boolean user = random.nextInt(3) == 0;
                event("c" + batch + "_" + random.nextInt(120), user ? "u" + random.nextInt(100) : null,
                        !user || random.nextInt(4) == 0 ? "d" + random.nextInt(150) : null);
            }
            if (batch > 0) {
                // Rows of the batch before go: the run reads the sources again from there, two batches of all.
                int before = written.size() - 200;
                for (int k = 0; k < 4; k++) {
                    wh.execute("DELETE FROM raw_events WHERE event_id = ?", written.get(before - 200 + random.nextInt(200)));
                }
            }
            IdentityPipeline.Result r = run(false);
            if (batch != 1) {
                assertThat(r.full()).as("batch " + batch + " full").isEqualTo(batch == 0);
            }
            Map<String, String> incremental = graph();
            List<String> incrementalProfiles = profiles();
            List<String> incrementalLinks = links();
            IdentityPipeline.Result full = run(true);
            assertThat(changes(full.runId())).as("a full recompute after batch " + batch + " changes nothing").isEmpty();
            assertThat(graph()).isEqualTo(incremental);
            assertThat(profiles()).as("weft_profiles after batch " + batch).isEqualTo(incrementalProfiles);
            assertThat(links()).as("weft_id_edges after batch " + batch).isEqualTo(incrementalLinks);
        }
        assertPartitionMatchesUnionFind();
    }

    /** Every stored link with its sightings, as text, in order; each one's row key is a row of its source. */
    private List<String> links() {
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_id_edges e WHERE e.source_name = 'events'"
                + " AND NOT EXISTS (SELECT 1 FROM raw_events r WHERE r.event_id = e.row_key)").orElseThrow()).isZero();
        return wh.queryList("SELECT a.id_type || ':' || a.id_value, b.id_type || ':' || b.id_value, e.source_name, e.first_seen, e.last_seen"
                + " FROM weft_id_edges e JOIN weft_id_nodes a ON a.node_id = e.src JOIN weft_id_nodes b ON b.node_id = e.dst"
                + " ORDER BY 1, 2, 3", List.of(), row -> row.getString(0) + " " + row.getString(1) + " " + row.getString(2)
                + " " + row.getInstant(3) + " " + row.getInstant(4));
    }

    @Test
    void stableIdsThroughMergeSplitAndFullRebuild() {
        event("c1", "u1", null);
        event("c2", "u1", null);
        event("c3", "u2", null);
        IdentityPipeline.Result r1 = run(false);
        Map<String, String> g1 = graph();
        String p1 = g1.get("user_id:u1");
        String p2 = g1.get("user_id:u2");

        // A contact links u2 to u1 through an email: the ID of u1 (a user_id first seen before u2) survives.
        contact("k1", "x@y.com", null, "u1");
        contact("k2", "x@y.com", null, "u2");
        IdentityPipeline.Result r2 = run(false);
        assertThat(r2.full()).isFalse();
        Map<String, String> g2 = graph();
        assertThat(g2.get("user_id:u2")).isEqualTo(p1);
        assertThat(g2.get("anonymous_id:c3")).isEqualTo(p1);
        assertThat(changes(r2.runId())).containsExactly("MERGE " + String.join(",", sorted(p1, p2)) + " -> " + p1);

        // Deleting the email splits them again: u1's side keeps p1 (its strongest identifier), u2's side gets a new ID.
        wh.execute("INSERT INTO weft_id_deletions (id_type, id_value, requested_at) VALUES ('email', 'x@y.com', CURRENT_TIMESTAMP)");
        IdentityPipeline.Result r3 = run(false);
        Map<String, String> g3 = graph();
        assertThat(g3).doesNotContainKey("email:x@y.com");
        assertThat(g3.get("user_id:u1")).isEqualTo(p1);
        String p3 = g3.get("user_id:u2");
        assertThat(p3).isNotIn(p1, p2);
        assertThat(changes(r3.runId())).containsExactly("SPLIT " + p1 + " -> " + p3);

        // A full rebuild from the same data changes nothing.
        IdentityPipeline.Result r4 = run(true);
        assertThat(r4.full()).isTrue();
        assertThat(graph()).isEqualTo(g3);
        assertThat(changes(r4.runId())).isEmpty();
        assertThat(r1.changes()).containsEntry("NEW", 2L);
    }

    @Test
    void aGraphTableFromBeforeTheMembershipTableKeepsItsProfiles() {
        event("c1", "u1", null);
        event("c2", "u2", null);
        run(false);
        Map<String, String> before = graph();
        toLayoutBeforeMembership();

        new IdentityPipeline(wh, config, IdentityTables.LIVE, 99L).setUp();
        assertThat(graph()).isEqualTo(before);
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_id_membership").orElseThrow()).isEqualTo(4L);

        event("c3", "u2", null);
        IdentityPipeline.Result r = run(false);
        assertThat(r.full()).isFalse();
        assertThat(graph().get("anonymous_id:c3")).isEqualTo(before.get("user_id:u2"));
        assertThat(changes(r.runId())).isEmpty();
        assertThat(wh.listTables()).noneMatch(t -> t.startsWith("weft_tmp_"));
    }

    @Test
    void explainAndProfileReadAGraphTableFromBeforeTheMembershipTable() {
        twoUsersJoinedByAnEmail();
        IdentityGraphInspector.Explanation before = new IdentityGraphInspector(wh, IdentityTables.LIVE).explain(
                id("anonymous_id", "c1"), id("anonymous_id", "c3"));
        toLayoutBeforeMembership();

        // No run since the upgrade: the graph is still a table, and there is no membership table to read.
        IdentityGraphInspector inspector = new IdentityGraphInspector(wh, IdentityTables.LIVE);
        IdentityGraphInspector.Explanation e = inspector.explain(id("anonymous_id", "c1"), id("anonymous_id", "c3"));
        assertThat(e.linked()).isTrue();
        assertThat(e.path()).isEqualTo(before.path()).hasSize(4);
        assertThat(inspector.profile("email", "x@y.com").orElseThrow().identifiers()).extracting(IdentityGraphInspector.Identifier::label)
                .containsExactly("anonymous_id:c1", "anonymous_id:c2", "anonymous_id:c3", "email:x@y.com", "user_id:u1", "user_id:u2");
    }

    @Test
    void dropAllRemovesAGraphTableFromBeforeTheMembershipTable() {
        event("c1", "u1", null);
        run(false);
        toLayoutBeforeMembership();
        IdentityTables.LIVE.dropAll(wh);
        assertThat(wh.listTables()).noneMatch(t -> t.startsWith("weft_"));
    }

    /** The layout before weft_id_membership: weft_id_graph a table holding the values too. */
    private void toLayoutBeforeMembership() {
        wh.execute("CREATE TABLE old_graph AS SELECT node_id, id_type, id_value, profile_id FROM weft_id_graph");
        wh.execute("DROP VIEW weft_id_graph");
        wh.execute("DROP TABLE weft_id_membership");
        wh.execute("CREATE TABLE weft_id_graph AS SELECT * FROM old_graph");
        wh.execute("DROP TABLE old_graph");
    }

    @Test
    void planShowsAChangedConfigWithoutApplyingIt() {
        twoUsersJoinedByAnEmail();
        Map<String, String> before = graph();
        assertThat(before.get("user_id:u2")).isEqualTo(before.get("user_id:u1"));

        IdentityConfig stricter = withEmailBlocklisted("x@y.com");
        IdentityPlan.Summary plan = new IdentityPlan(wh, stricter, 99L).plan(m -> { });
        assertThat(plan.changes()).containsExactly(Map.entry("SPLIT", 1L));
        assertThat(plan.newlyQuarantined()).containsExactly(Map.entry("blocklist", 1L));
        assertThat(plan.quarantineExamples()).containsExactly("email:x@y.com blocklist: value is on the blocklist of email");
        assertThat(plan.render()).contains("SPLIT " + before.get("user_id:u1") + " -> ");
        assertThat(graph()).isEqualTo(before);
        assertThat(wh.listTables()).noneMatch(t -> t.startsWith("weft_plan_") || t.startsWith("weft_tmp_"));
    }

    @Test
    void aNewlyBlocklistedValueSplitsIncrementallyAndTakingItOffReadsItsRowsAgain() {
        twoUsersJoinedByAnEmail();
        String p1 = graph().get("user_id:u1");
        assertThat(graph().get("user_id:u2")).isEqualTo(p1);
        IdentityConfig base = config;

        // Blocklisted (written in another case: values match case-insensitively): an incremental run splits them.
        config = withEmailBlocklisted("X@Y.com");
        IdentityPipeline.Result blocked = run(false);
        assertThat(blocked.full()).isFalse();
        Map<String, String> split = graph();
        assertThat(split).doesNotContainKey("email:x@y.com");
        assertThat(split.get("user_id:u1")).isEqualTo(p1);
        assertThat(split.get("user_id:u2")).isNotEqualTo(p1);
        assertThat(changes(blocked.runId())).containsExactly("SPLIT " + p1 + " -> " + split.get("user_id:u2"));
        assertThat(wh.queryList("SELECT reason FROM weft_id_quarantine WHERE id_value = 'x@y.com'", List.of(), row -> row.getString(0)))
                .containsExactly("blocklist");

        // A row that arrives while the value is blocked leaves no link: u3 stays alone.
        contact("k3", "x@y.com", null, "u3");
        assertThat(run(false).full()).isFalse();
        assertThat(graph().get("user_id:u3")).isNotIn(graph().get("user_id:u1"), graph().get("user_id:u2"));

        // Off the blocklist again: the run is full on its own, so k3's link is read again and all three are one.
        config = base;
        List<String> progress = new ArrayList<>();
        IdentityPipeline.Result released = run(false, progress);
        assertThat(released.full()).isTrue();
        assertThat(progress.get(0)).contains("full run (removed from the blocklist: email value 'x@y.com';");
        Map<String, String> joined = graph();
        assertThat(joined.get("email:x@y.com")).isEqualTo(p1);
        assertThat(joined.get("user_id:u2")).isEqualTo(p1);
        assertThat(joined.get("user_id:u3")).isEqualTo(p1);
        assertThat(run(false).full()).as("the next run, blocklist unchanged, is incremental").isFalse();
        assertFullRecomputeChangesNothing(joined);
    }

    /** Junk values per column, each carried by two strangers (cookies a<i> and b<i>). */
    private static final List<String> JUNK_USER_IDS = List.of("test@test.com", "0", "guest", "NaN", "noreply@shop.com",
            "1", "n/a", "0\u00A0", "null\u200B", "\u3000unknown", "\uFEFFanonymous\u2009");
    private static final List<String> JUNK_DEVICE_IDS = List.of("00000000-0000-0000-0000-000000000000",
            "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "aaaa", "-1", "00000000", "undefined\u00A0", "-aaa", "a.A.a", "zz:z:");
    private static final List<String> JUNK_EMAILS = List.of("test@test.com", "NoReply@Shop.com", "\u200Btest@test.com\u00A0",
            "guest@example.com");

    /** Two strangers per junk value: a user_id, a device_id or a contact email only they share. */
    private void strangersSharingJunk() {
        int i = 0;
        for (String v : JUNK_USER_IDS) {
            event("a" + i, v, null);
            event("b" + i, v, null);
            i++;
        }
        for (String v : JUNK_DEVICE_IDS) {
            event("a" + i, null, v);
            event("b" + i, null, v);
            i++;
        }
        for (String v : JUNK_EMAILS) {
            contact("ka" + i, v, null, "ua" + i);
            contact("kb" + i, v, null, "ub" + i);
            i++;
        }
    }

    @Test
    void strangersSharingAJunkIdentifierOfAnyTypeStayApart() {
        strangersSharingJunk();
        // Real values with Unicode whitespace around them are the same identifier as without.
        event("r1", "u1\u00A0", null);
        event("r2", "\u200Bu1", "d1\u3000");
        event("r3", null, "d1");
        // Almost one character repeated: real values.
        event("r4", null, "aaab");
        event("r5", null, "a-ab-a");
        assertThat(run(false).full()).isTrue();
        Map<String, String> g = graph();
        int i = 0;
        for (String v : JUNK_USER_IDS) {
            assertThat(g.get("anonymous_id:a" + i)).as("user_id '%s'", v).isNotNull().isNotEqualTo(g.get("anonymous_id:b" + i));
            i++;
        }
        for (String v : JUNK_DEVICE_IDS) {
            assertThat(g.get("anonymous_id:a" + i)).as("device_id '%s'", v).isNotNull().isNotEqualTo(g.get("anonymous_id:b" + i));
            i++;
        }
        for (String v : JUNK_EMAILS) {
            assertThat(g.get("user_id:ua" + i)).as("email '%s'", v).isNotNull().isNotEqualTo(g.get("user_id:ub" + i));
            i++;
        }
        assertThat(g.keySet()).filteredOn(k -> !k.startsWith("anonymous_id:") && !k.startsWith("user_id:u"))
                .containsExactlyInAnyOrder("device_id:d1", "device_id:aaab", "device_id:a-ab-a");
        assertThat(g.get("anonymous_id:r1")).isEqualTo(g.get("user_id:u1")).isEqualTo(g.get("anonymous_id:r2"))
                .isEqualTo(g.get("device_id:d1")).isEqualTo(g.get("anonymous_id:r3"));
        assertFullRecomputeChangesNothing(g);
    }

    @Test
    void reportCountsTheJunkKeptOutPerTypeAndRule() {
        strangersSharingJunk();
        run(false);
        List<String> junk = new IdentityGraphInspector(wh, IdentityTables.LIVE).report(5, 2).junk().stream()
                .map(j -> j.type() + " " + j.rule() + " " + j.values() + " " + j.examples()).toList();
        // Values as normalized (user_id is trimmed, email also lower-cased); examples: the three seen last.
        assertThat(junk).containsExactlyInAnyOrder(
                "user_id placeholder_word 5 [anonymous, unknown, null]",
                "user_id placeholder_number 3 [0, 1, NaN]",
                "user_id placeholder_email 2 [noreply@shop.com, test@test.com]",
                "device_id placeholder_word 1 [undefined]",
                "device_id placeholder_number 2 [00000000, -1]",
                "device_id repeated_character 6 [zz:z:, a.A.a, -aaa]",
                "email placeholder_email 3 [guest@example.com, test@test.com, noreply@shop.com]");
    }

    @Test
    void aJunkRuleSwitchedOffForATypeLetsItsValuesThrough() {
        event("a1", "0", null);
        event("b1", "0", null);
        event("a2", "guest", null);
        event("b2", "guest", null);
        run(false);
        assertThat(graph().get("anonymous_id:a1")).isNotEqualTo(graph().get("anonymous_id:b1"));

        config = IdentityConfigLoader.parse(Map.of("identity.yml",
                CONFIG.replace("  user_id:\n", "  user_id:\n    junk: {off: [placeholder_number]}\n")));
        List<String> progress = new ArrayList<>();
        assertThat(run(false, progress).full()).as("the rows the rule kept out are read again").isTrue();
        assertThat(progress.get(0)).contains("removed from the blocklist: user_id rule 'placeholder_number'");
        Map<String, String> g = graph();
        assertThat(g.get("anonymous_id:a1")).isEqualTo(g.get("user_id:0")).isEqualTo(g.get("anonymous_id:b1"));
        assertThat(g.get("anonymous_id:a2")).as("placeholder_word still applies").isNotEqualTo(g.get("anonymous_id:b2"));
        assertThat(g).doesNotContainKey("user_id:guest");
    }

    /** A warehouse from before weft_id_blocklist: a changed blocklist cannot be compared, so the run is full. */
    @Test
    void aChangedBlocklistWithNoRecordOfTheOldOneMakesTheRunFull() {
        event("c1", "u1", null);
        run(false);
        wh.execute("DROP TABLE weft_id_blocklist");
        event("c2", "u1", null);
        assertThat(run(false).full()).as("blocklist unchanged: incremental, and the blocklist is recorded").isFalse();
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_id_blocklist WHERE id_type = 'email' AND kind = 'rule' AND entry = 'placeholder_word'"))
                .contains(1L);

        wh.execute("DROP TABLE weft_id_blocklist");
        config = withEmailBlocklisted("x@y.com");
        List<String> progress = new ArrayList<>();
        assertThat(run(false, progress).full()).isTrue();
        assertThat(progress.get(0)).endsWith("full run (the blocklist changed since a run that did not record it)");
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_id_blocklist WHERE id_type = 'email' AND entry = 'x@y.com'")).contains(1L);
    }

    @Test
    void reportFindsTheIdentifierBridgingTwoPeople() {
        event("c1", "u1", null);
        event("c2", "u1", null);
        event("c3", "u2", null);
        event("c4", "u2", null);
        contact("k1", "family@y.com", null, "u1");
        contact("k2", "family@y.com", null, "u2");
        run(false);
        IdentityGraphInspector.Report report = new IdentityGraphInspector(wh, IdentityTables.LIVE).report(5, 2);
        assertThat(report.largest().get(0).get("identifiers")).isEqualTo(7L);
        assertThat(report.bridges()).extracting(b -> b.identifier().label() + " " + b.piecesWithout())
                .containsExactly("email:family@y.com [3, 3]");

        IdentityGraphInspector.Explanation e = new IdentityGraphInspector(wh, IdentityTables.LIVE).explain(
                id("anonymous_id", "c1"), id("anonymous_id", "c4"));
        assertThat(e.linked()).isTrue();
        assertThat(e.path()).extracting(st -> st.from().label() + ">" + st.to().label()).containsExactly(
                "anonymous_id:c1>user_id:u1", "user_id:u1>email:family@y.com", "email:family@y.com>user_id:u2",
                "user_id:u2>anonymous_id:c4");
        assertThat(e.path().get(1).provenance()).extracting(IdentityGraphInspector.Provenance::source,
                IdentityGraphInspector.Provenance::rowKey).containsExactly(org.assertj.core.groups.Tuple.tuple("contacts", "k1"));
    }

    @Test
    void aDeviceSharedByTwoUsersGoesToTheMostRecentOneUnderAUserIdLimit() {
        event("c1", "u1", "tablet");
        event("c2", "u2", "tablet");
        run(false);
        Map<String, String> merged = graph();
        assertThat(merged.get("user_id:u1")).isEqualTo(merged.get("user_id:u2")).isEqualTo(merged.get("device_id:tablet"));

        useLimits("user_id", 1);
        IdentityPipeline.Result r = run(false);
        assertThat(r.full()).as("a changed limit recomputes everything").isTrue();
        Map<String, String> g = graph();
        assertThat(g.get("device_id:tablet")).isEqualTo(g.get("user_id:u2")).isEqualTo(g.get("anonymous_id:c2"));
        assertThat(g.get("anonymous_id:c1")).isEqualTo(g.get("user_id:u1")).isNotEqualTo(g.get("user_id:u2"));
        // u2's side holds 3 of the profile's 5 identifiers, but the ID follows the profile's strongest identifier:
        // u1, a user_id first seen before u2. u2's side is split off.
        assertThat(g.get("user_id:u1")).isEqualTo(merged.get("user_id:u1"));
        assertThat(changes(r.runId())).containsExactly("SPLIT " + merged.get("user_id:u1") + " -> " + g.get("user_id:u2"));
        assertThat(limitDrops()).containsExactlyInAnyOrder(
                "anonymous_id:c1 -- device_id:tablet user_id: would join user_id u1 with user_id u2 in one profile (2 user_id, limit 1)",
                "device_id:tablet -- user_id:u1 user_id: would join user_id u1 with user_id u2 in one profile (2 user_id, limit 1)");
        assertThat(wh.queryLong("SELECT MAX(user_id_count) FROM weft_profiles").orElseThrow()).isEqualTo(1L);
        assertThat(wh.listTables()).as("work tables are dropped").noneMatch(t -> t.startsWith("weft_tmp_"));

        IdentityPipeline.Result again = run(true);
        assertThat(changes(again.runId())).isEmpty();
        assertThat(graph()).isEqualTo(g);
    }

    @Test
    void linksAreTakenByTypePriorityThenRecency() {
        useLimits("user_id", 1);
        event("c1", "u1", "d1");   // the oldest row: u1 -- d1 is a device link
        event("c2", "u2", null);   // c2 -- u2: a cookie's link to a user_id
        event("c2", null, "d1");   // the newest row: c2 -- d1 is a cookie's link to a device
        event("c3", "u3", null);
        event("c3", "u4", null);   // c3 was last seen with u4
        run(false);
        Map<String, String> g = graph();
        // The device link comes first, so d1 stays with u1 although its newest link leads to u2's side; the
        // cookie's link to a user_id comes before its link to a device, so c2 stays with u2, and c2 -- d1,
        // which would join u1 and u2, is dropped. Between links of one kind the most recent wins: c3 goes to u4.
        assertThat(g.get("device_id:d1")).isEqualTo(g.get("user_id:u1")).isEqualTo(g.get("anonymous_id:c1"));
        assertThat(g.get("anonymous_id:c2")).isEqualTo(g.get("user_id:u2")).isNotEqualTo(g.get("user_id:u1"));
        assertThat(g.get("anonymous_id:c3")).isEqualTo(g.get("user_id:u4")).isNotEqualTo(g.get("user_id:u3"));
        assertThat(limitDrops()).containsExactly(
                "anonymous_id:c2 -- device_id:d1 user_id: would join user_id u1 with user_id u2 in one profile (2 user_id, limit 1)",
                "anonymous_id:c3 -- user_id:u3 user_id: would join user_id u3 with user_id u4 in one profile (2 user_id, limit 1)");
    }

    @Test
    void aLimitAboveOneKeepsTheMostRecentlyLinkedIdentifiers() {
        useLimits("email", 2);
        contact("k1", "old@x.com", null, "u1");
        contact("k2", "mid@x.com", null, "u1");
        contact("k3", "new@x.com", null, "u1");
        run(false);
        Map<String, String> g = graph();
        assertThat(g.get("email:new@x.com")).isEqualTo(g.get("email:mid@x.com")).isEqualTo(g.get("user_id:u1"));
        assertThat(g.get("email:old@x.com")).isNotEqualTo(g.get("user_id:u1"));
        assertThat(limitDrops()).containsExactly(
                "email:old@x.com -- user_id:u1 email: would join email mid@x.com with email old@x.com in one profile (3 email, limit 2)");
    }

    @Test
    void incrementalRunsFollowTheLimitAsAFullRunDoes() {
        useLimits("user_id", 1);
        event("c1", "u1", "tablet");
        IdentityPipeline.Result r1 = run(false);
        String p1 = graph().get("user_id:u1");
        assertThat(r1.changes()).containsExactly(Map.entry("NEW", 1L));

        // u2 uses the tablet later: the tablet moves to u2, u1 keeps its profile ID.
        event("c2", "u2", "tablet");
        IdentityPipeline.Result r2 = run(false);
        assertThat(r2.full()).isFalse();
        Map<String, String> g2 = graph();
        assertThat(g2.get("user_id:u1")).isEqualTo(p1).isEqualTo(g2.get("anonymous_id:c1"));
        String p2 = g2.get("user_id:u2");
        assertThat(p2).isNotEqualTo(p1).isEqualTo(g2.get("device_id:tablet"));
        assertThat(changes(r2.runId())).containsExactly("SPLIT " + p1 + " -> " + p2);
        assertFullRecomputeChangesNothing(g2);

        // u1 is back on the tablet with the same cookie: no new pair, no new identifier, yet the tablet's most
        // recent link is to u1 again, and the incremental run must see it as a full run would.
        event("c1", "u1", "tablet");
        IdentityPipeline.Result r3 = run(false);
        assertThat(r3.full()).isFalse();
        Map<String, String> g3 = graph();
        assertThat(g3.get("device_id:tablet")).isEqualTo(p1);
        assertThat(g3.get("user_id:u2")).isEqualTo(p2);
        assertThat(changes(r3.runId())).containsExactly("SPLIT " + p2 + " -> " + p1);
        assertFullRecomputeChangesNothing(g3);

        // Deleting u2 leaves one user_id: nothing is over the limit any more and everything joins again.
        wh.execute("INSERT INTO weft_id_deletions (id_type, id_value, requested_at) VALUES ('user_id', 'u2', CURRENT_TIMESTAMP)");
        IdentityPipeline.Result r4 = run(false);
        Map<String, String> g4 = graph();
        assertThat(Set.copyOf(g4.values())).containsExactly(p1);
        assertThat(limitDrops()).isEmpty();
        assertThat(changes(r4.runId())).containsExactly("MERGE " + String.join(",", sorted(p1, p2)) + " -> " + p1);
        assertFullRecomputeChangesNothing(g4);
    }

    @Test
    void incrementalRunsReadLateRowsWithinTheSourcesLookback() {
        config = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG.replace("    timestamp: occurred_at\n",
                "    timestamp: occurred_at\n    lookback: 1h\n")));
        assertThat(config.sources().get(0).lookback()).isEqualTo(Duration.ofHours(1));
        event("c1", "u1", null);
        event("c2", "u2", null);
        run(false);
        Map<String, String> g1 = graph();
        assertThat(g1.get("anonymous_id:c1")).isNotEqualTo(g1.get("user_id:u2"));

        // Stamped 30 minutes before the watermark: an incremental run still reads it, and merges the two people.
        lateEvent(Duration.ofMinutes(30), "c1", "u2", null);
        IdentityPipeline.Result r2 = run(false);
        assertThat(r2.full()).isFalse();
        Map<String, String> g2 = graph();
        assertThat(g2.get("anonymous_id:c1")).isEqualTo(g2.get("user_id:u2")).isEqualTo(g2.get("user_id:u1"));
        List<String> profiles = profiles();
        assertFullRecomputeChangesNothing(g2);
        assertThat(profiles()).isEqualTo(profiles);

        // Beyond the lookback, only a full run reads it.
        event("c3", "u3", null);
        run(false);
        lateEvent(Duration.ofHours(3), "c3", "u1", null);
        run(false);
        Map<String, String> g3 = graph();
        assertThat(g3.get("user_id:u3")).isNotEqualTo(g3.get("user_id:u1"));
        run(true);
        assertThat(graph().get("user_id:u3")).isEqualTo(graph().get("user_id:u1"));
    }

    private void assertFullRecomputeChangesNothing(Map<String, String> incremental) {
        IdentityPipeline.Result full = run(true);
        assertThat(changes(full.runId())).as("a full recompute changes nothing").isEmpty();
        assertThat(graph()).isEqualTo(incremental);
    }

    @Test
    void explainAndReportShowWhatALimitCut() {
        useLimits("user_id", 1);
        event("c1", "u1", "tablet");
        event("c2", "u2", "tablet");
        run(false);
        IdentityGraphInspector inspector = new IdentityGraphInspector(wh, IdentityTables.LIVE);
        IdentityGraphInspector.Explanation e = inspector.explain(id("user_id", "u1"), id("user_id", "u2"));
        assertThat(e.linked()).isFalse();
        assertThat(e.reason()).contains("limit").contains("would join user_id u1 with user_id u2");
        assertThat(e.path()).extracting(st -> st.from().label() + ">" + st.to().label() + (st.dropped() == null ? "" : " dropped"))
                .containsExactly("user_id:u1>device_id:tablet dropped", "device_id:tablet>user_id:u2");
        IdentityGraphInspector.Report report = inspector.report(5, 2);
        assertThat(report.limitDrops()).extracting(d -> java.util.stream.Stream.of(d.from().label(), d.to().label()).sorted().toList())
                .containsExactlyInAnyOrder(List.of("anonymous_id:c1", "device_id:tablet"), List.of("device_id:tablet", "user_id:u1"));
        // Each side's profile shows the links it lost; u2's profile holds the tablet, u1's the cookie c1.
        assertThat(inspector.profile("user_id", "u1").orElseThrow().droppedLinks())
                .extracting(d -> java.util.stream.Stream.of(d.from().label(), d.to().label()).sorted().toList())
                .containsExactlyInAnyOrder(List.of("anonymous_id:c1", "device_id:tablet"), List.of("device_id:tablet", "user_id:u1"));
        assertThat(inspector.profile("user_id", "u2").orElseThrow().droppedLinks()).hasSize(2);
        assertThat(inspector.profile("anonymous_id", "c2").orElseThrow().droppedLinks()).hasSize(2);
    }

    @Test
    void planShowsWhatALimitWouldSplit() {
        event("c1", "u1", "tablet");
        event("c2", "u2", "tablet");
        run(false);
        Map<String, String> before = graph();
        IdentityConfig limited = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG.replace("  user_id:\n", "  user_id:\n    limit: 1\n")));
        IdentityPlan.Summary plan = new IdentityPlan(wh, limited, 99L).plan(m -> { });
        assertThat(plan.changes()).containsExactly(Map.entry("SPLIT", 1L));
        assertThat(graph()).isEqualTo(before);
        assertThat(limitDrops()).isEmpty();
        assertThat(wh.listTables()).noneMatch(t -> t.startsWith("weft_plan_") || t.startsWith("weft_tmp_"));
    }

    @Test
    void limitsMatchTheReferenceAndIncrementalEqualsFullOnRandomGraphs() {
        checkLimitsOnRandomGraphs(5, "user_id", 1);
        wh.execute("DELETE FROM raw_events");
        IdentityTables.LIVE.dropAll(wh);
        checkLimitsOnRandomGraphs(11, "user_id", 2, "anonymous_id", 3, "device_id", 1);
    }

    private void checkLimitsOnRandomGraphs(long seed, Object... limits) {
        useLimits(limits);
        Random random = new Random(seed);
        for (int batch = 0; batch < 4; batch++) {
            for (int i = 0; i < 250; i++) {
                String anon = "c" + random.nextInt(300);
                String user = random.nextInt(3) == 0 ? "u" + random.nextInt(120) : null;
                String device = random.nextInt(4) == 0 ? "d" + random.nextInt(150) : null;
                event(anon, user, device);
            }
            IdentityPipeline.Result r = run(false);
            Map<String, String> incremental = graph();
            assertPartitionMatchesLimitedKruskal(limits);
            IdentityPipeline.Result full = run(true);
            assertThat(changes(full.runId())).as("a full recompute after batch " + batch + " changes nothing").isEmpty();
            assertThat(graph()).isEqualTo(incremental);
            assertThat(r.full()).isEqualTo(batch == 0);
        }
        assertThat(limitDrops()).as("the random graphs do go over the limits").isNotEmpty();
    }

    /** The stored profiles equal the reference's, computed from the stored links of identifiers not quarantined. */
    private void assertPartitionMatchesLimitedKruskal(Object... typeAndLimit) {
        Map<String, Integer> limits = new HashMap<>();
        for (int i = 0; i < typeAndLimit.length; i += 2) {
            limits.put((String) typeAndLimit[i], (Integer) typeAndLimit[i + 1]);
        }
        List<LimitedKruskal.Link> links = wh.queryList("SELECT src, dst, MIN(src_type), MIN(dst_type), MAX(last_seen) FROM weft_id_edges e"
                        + " WHERE NOT EXISTS (SELECT 1 FROM weft_id_quarantine q WHERE q.node_id = e.src OR q.node_id = e.dst)"
                        + " GROUP BY src, dst", List.of(),
                row -> new LimitedKruskal.Link(row.getLong(0), row.getLong(1), row.getString(2), row.getString(3), row.getInstant(4)));
        Map<Long, Long> expected = new LimitedKruskal(config.typesByPriority().stream().map(IdentityConfig.IdType::name).toList(), limits)
                .profiles(links);
        Map<Long, String> actual = new HashMap<>();
        wh.query("SELECT node_id, profile_id FROM weft_id_graph", List.of(), row -> actual.put(row.getLong(0), row.getString(1)));
        Map<Long, Set<String>> profilesPerExpected = new HashMap<>();
        expected.forEach((node, root) -> profilesPerExpected.computeIfAbsent(root, k -> new HashSet<>()).add(actual.get(node)));
        assertThat(profilesPerExpected.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(new HashSet<>(expected.values())).hasSameSizeAs(profilesPerExpected.values().stream().map(ids -> ids.iterator().next())
                .collect(java.util.stream.Collectors.toSet()));
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            assertThat(wh.queryLong("SELECT COALESCE(MAX(" + limit.getKey() + "_count), 0) FROM weft_profiles").orElseThrow())
                    .isLessThanOrEqualTo(limit.getValue());
        }
    }

    /** "from -- to type: detail" for every link dropped by a limit. */
    private List<String> limitDrops() {
        return wh.queryList("SELECT LEAST(la, lb) || ' -- ' || GREATEST(la, lb) || ' ' || id_type || ': ' || detail FROM ("
                + "SELECT a.id_type || ':' || a.id_value AS la, b.id_type || ':' || b.id_value AS lb, d.id_type, d.detail"
                + " FROM weft_id_limit_drops d JOIN weft_id_nodes a ON a.node_id = d.src JOIN weft_id_nodes b ON b.node_id = d.dst) x"
                + " ORDER BY 1", List.of(), row -> row.getString(0));
    }

    private IdentityGraphInspector.Identifier id(String type, String value) {
        return new IdentityGraphInspector(wh, IdentityTables.LIVE).find(type, value).orElseThrow();
    }

    @Test
    void incrementalEqualsFullOnRandomGraphs() {
        Random random = new Random(3);
        UnionFind uf = new UnionFind();
        Set<String> all = new HashSet<>();
        for (int batch = 0; batch < 4; batch++) {
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String anon = "c" + random.nextInt(400);
                String user = random.nextInt(3) == 0 ? "u" + random.nextInt(150) : null;
                String device = random.nextInt(4) == 0 ? "d" + random.nextInt(200) : null;
                rows.add(new String[]{anon, user, device});
            }
            for (String[] row : rows) {
                event(row[0], row[1], row[2]);
                String a = "anonymous_id:" + row[0];
                all.add(a);
                uf.add(all.size() * 0L + a.hashCode());
                if (row[1] != null) {
                    all.add("user_id:" + row[1]);
                }
                if (row[2] != null) {
                    all.add("device_id:" + row[2]);
                }
            }
            IdentityPipeline.Result r = run(false);
            assertThat(r.full()).isEqualTo(batch == 0);
            Map<String, String> incremental = graph();
            List<String> incrementalProfiles = profiles();
            assertThat(incremental.keySet()).isSubsetOf(all);

            IdentityPipeline.Result full = run(true);
            assertThat(changes(full.runId())).as("a full recompute after batch " + batch + " changes nothing").isEmpty();
            assertThat(graph()).isEqualTo(incremental);
            assertThat(profiles()).as("weft_profiles after batch " + batch).isEqualTo(incrementalProfiles);
            assertThat(r.rounds()).isLessThanOrEqualTo((int) Math.ceil(2 * Math.log(Math.max(2, r.scopeNodes())) / Math.log(2)) + 3);
        }
        assertPartitionMatchesUnionFind();
    }

    /** The stored partition equals the union-find of all (non-hub) edges of the events table. */
    private void assertPartitionMatchesUnionFind() {
        UnionFind uf = new UnionFind();
        Map<String, Long> keys = new HashMap<>();
        wh.query("SELECT id_type || ':' || id_value, node_id FROM weft_id_graph", List.of(), row -> {
            keys.put(row.getString(0), row.getLong(1));
            uf.add(row.getLong(1));
        });
        wh.query("SELECT anonymous_id, user_id, device_id FROM raw_events", List.of(), row -> {
            List<Long> ks = new ArrayList<>();
            addKey(ks, keys, "anonymous_id:", row.getString(0));
            addKey(ks, keys, "user_id:", row.getString(1));
            addKey(ks, keys, "device_id:", row.getString(2));
            for (int i = 1; i < ks.size(); i++) {
                uf.union(ks.get(0), ks.get(i));
            }
        });
        Map<Long, Long> expected = uf.components();
        Map<Long, Set<Long>> byProfile = new HashMap<>();
        Map<String, String> g = graph();
        g.forEach((id, profile) -> byProfile.computeIfAbsent((long) profile.hashCode(), k -> new HashSet<>()).add(keys.get(id)));
        for (Set<Long> members : byProfile.values()) {
            Set<Long> roots = new HashSet<>();
            members.forEach(m -> roots.add(expected.get(m)));
            assertThat(roots).hasSize(1);
        }
        assertThat(byProfile).hasSize(new HashSet<>(expected.values()).size());
    }

    private static void addKey(List<Long> ks, Map<String, Long> keys, String prefix, String value) {
        if (value != null && keys.containsKey(prefix + value)) {
            ks.add(keys.get(prefix + value));
        }
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }
}
