package dev.weft.audiences;

import dev.weft.Workspace;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A profile's audiences from weft_audience_members ({@code sql/audiences/memberships.sql}) on a real engine: each
 * audience holding the profile, with its split group and when it was computed, and no other profile's. One
 * subclass per engine.
 */
abstract class AudienceMembershipsContract {

    private static final LocalDateTime MONDAY = LocalDateTime.of(2026, 3, 2, 6, 0);

    private Path dir;
    private Warehouses warehouses;
    private Warehouse w;

    /** The warehouse to test, named {@code name}. */
    protected abstract WarehouseConfig config(String name, Path dir);

    protected void dropWarehouse() {
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("weft-memberships");
        warehouses = new Warehouses(List.of(config("wh", dir)), "wh", new Workspace(dir.toString()));
        w = warehouses.primary();
        w.createTable(AudienceQueries.MEMBERS_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR),
                Column.of("computed_at", ColumnType.TIMESTAMP)), true);
        member("lapsed", "p1", null, MONDAY);
        member("campaign", "p1", "holdout", MONDAY.plusHours(1));
        member("campaign", "p2", "target", MONDAY.plusHours(1));
        member("vip", "p2", null, MONDAY);
        member("p1", "p3", null, MONDAY); // an audience named like the profile asked for: not a match on the wrong column
    }

    @AfterEach
    void tearDown() {
        warehouses.close();
        dropWarehouse();
    }

    @Test
    void aProfilesAudiencesAreThoseHoldingItWithItsSplitGroupAndWhenComputed() {
        List<AudienceRuns.Membership> found = AudienceRuns.memberships(w, "p1", Map.of("lapsed", "Lapsed buyers"));
        assertThat(found).containsExactly(
                new AudienceRuns.Membership("campaign", "campaign", "holdout", instant(MONDAY.plusHours(1))),
                new AudienceRuns.Membership("lapsed", "Lapsed buyers", null, instant(MONDAY)));
        assertThat(AudienceRuns.memberships(w, "p4", Map.of())).isEmpty();
        assertThat(AudienceRuns.memberships(w, "p1' OR '1'='1", Map.of())).as("the ID is bound, not pasted").isEmpty();
    }

    private void member(String audience, String profile, String group, LocalDateTime computedAt) {
        w.execute("INSERT INTO weft_audience_members (audience_id, profile_id, split_group, computed_at) VALUES (?, ?, ?, ?)",
                audience, profile, group, computedAt);
    }

    private static Instant instant(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }
}
