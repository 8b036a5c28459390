package dev.weft.syncs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import dev.weft.phones.PhoneVectors;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code e164} transform reads phones by the shared rule: every vector planned through a sync whose mapping has
 * one field per default country ({@code e164:GB}, ...; plain {@code e164} for vectors without one).
 */
abstract class SyncPhoneContract {

    protected SyncHarness h;
    protected Warehouse wh;

    protected abstract SyncHarness harness() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        h = harness();
        wh = h.warehouse();
        h.connections.create("files", "file", Map.of("path", "out"), Map.of());
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void e164FollowsTheSharedVectors() {
        List<PhoneVectors> vectors = PhoneVectors.all();
        wh.createTable("phones", List.of(Column.of("id", ColumnType.BIGINT), Column.of("phone", ColumnType.VARCHAR)), true);
        for (int i = 0; i < vectors.size(); i++) {
            wh.execute("INSERT INTO phones VALUES (?, ?)", (long) i, vectors.get(i).input());
        }
        TreeSet<String> countries = new TreeSet<>();
        vectors.forEach(v -> countries.add(Objects.requireNonNullElse(v.defaultCountry(), "")));
        List<Map<String, Object>> mapping = new ArrayList<>();
        for (String country : countries) {
            mapping.add(Map.of("from", "phone", "to", "phone_" + country,
                    "transforms", List.of(country.isEmpty() ? "e164" : "e164:" + country.toLowerCase())));
        }
        SyncDefinition sync = SyncDefinitionParser.parse(new ObjectMapper().valueToTree(Map.of("id", "phones",
                "source", Map.of("model", "phones"), "destination", Map.of("type", "file", "connection", "files"),
                "mode", "upsert", "key", "id", "mapping", mapping)), null, "api", "test");
        assertThat(sync.mapping()).extracting(m -> m.transforms().get(0).configName()).contains("e164", "e164:GB");

        SyncPlanner planner = new SyncPlanner(wh);
        planner.plan(sync, h.states.current(sync, wh).stateTable(), SyncPlanner.planTable(sync.id()));
        List<SyncRecord> added = planner.sample(SyncPlanner.planTable(sync.id()), vectors.size()).get(Operation.ADD);
        assertThat(added).hasSize(vectors.size());
        for (SyncRecord r : added) {
            PhoneVectors v = vectors.get(Integer.parseInt(r.key()));
            assertThat(r.fields().get("phone_" + Objects.requireNonNullElse(v.defaultCountry(), "")))
                    .as("%s [%s]: %s", v.input(), v.defaultCountry(), v.why()).isEqualTo(v.e164());
        }
    }
}
