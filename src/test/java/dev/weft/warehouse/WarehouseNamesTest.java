package dev.weft.warehouse;

import dev.weft.warehouse.duckdb.DuckDbDialect;
import dev.weft.warehouse.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Names Weft makes from user input: unique, stable, readable, and never cut by any engine. */
class WarehouseNamesTest {

    private static final String LONG = "a".repeat(55);

    @Test
    void idsSharingALongPrefixGetDistinctNamesThatFitEveryEngine() {
        String first = WarehouseNames.of("weft_sync_dryrun_", LONG + "_first");
        String second = WarehouseNames.of("weft_sync_dryrun_", LONG + "_second");
        assertThat(first).isNotEqualTo(second).hasSizeLessThanOrEqualTo(WarehouseNames.MAX_LENGTH);
        assertThat(second).hasSizeLessThanOrEqualTo(WarehouseNames.MAX_LENGTH);
        // Postgres keeps them as they are, so they stay distinct there too.
        assertThat(new PostgresDialect().storedName(first)).isEqualTo(first);
    }

    @Test
    void theNameIsStableReadableAndPlain() {
        // Pinned: a different rule would orphan every state table made under this one.
        assertThat(WarehouseNames.of("weft_sync_plan_", "vip_list")).isEqualTo("weft_sync_plan_vip_list_f39af0f238");
        String odd = WarehouseNames.of("weft_", "Weird-Id.x");
        assertThat(odd).startsWith("weft_weird_id_x_").matches(Dialect.PLAIN_IDENTIFIER);
    }

    @Test
    void aQualifierChangesOnlyTheHash() {
        String a = WarehouseNames.of("weft_sync_state_", "crm", "target-a");
        String b = WarehouseNames.of("weft_sync_state_", "crm", "target-b");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(0, a.lastIndexOf('_'))).isEqualTo(b.substring(0, b.lastIndexOf('_'))).isEqualTo("weft_sync_state_crm");
    }

    @Test
    void postgresCutsLongNamesAt63BytesOnWholeCharacters() {
        PostgresDialect pg = new PostgresDialect();
        assertThat(pg.storedName("weft_sync_state_" + LONG + "_first")).isEqualTo(("weft_sync_state_" + LONG).substring(0, 63));
        assertThat(pg.storedName("x".repeat(62) + "é")).isEqualTo("x".repeat(62)); // é is 2 bytes: not cut in half
        assertThat(new DuckDbDialect().storedName("weft_sync_state_" + LONG + "_first")).isEqualTo("weft_sync_state_" + LONG + "_first");
    }
}
