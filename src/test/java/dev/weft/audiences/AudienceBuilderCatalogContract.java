package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.demo.DemoSeeder;
import dev.weft.demo.DemoWorkspace;
import dev.weft.identity.IdentityService;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.Selection;
import dev.weft.testing.QuietProgress;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The builders' catalog over the demo's data (seeder, models, identity, an audience) on a real warehouse:
 * traits columns with their types and the smallest distinct values, every event with the events model's
 * columns and the keys of its JSON properties (checked against the rows parsed in Java), and the audiences
 * with their sizes. One subclass per engine.
 */
abstract class AudienceBuilderCatalogContract {

    @TempDir
    Path dir;
    private ApplicationContext context;
    private Warehouse wh;

    /** Properties naming the warehouse under test (none: the workspace's embedded DuckDB). */
    protected abstract Map<String, Object> warehouseProperties();

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("audiences"));
        Files.writeString(dir.resolve("audiences/german.json"), """
                {"name": "Germans", "conditions": [{"type": "trait", "column": "country", "operator": "equals", "value": "DE"}]}
                """);
        DemoWorkspace.install(dir);
        Map<String, Object> props = new HashMap<>(warehouseProperties());
        props.put("weft.workspace", dir.toString());
        props.put("weft.models.threads", 2);
        // The demo's product_id is text; declared a number, it must show as one (a declaration wins).
        props.put("weft.audiences.properties.number", List.of("product_id"));
        context = ApplicationContext.builder().properties(props).start();
        Warehouses warehouses = context.getBean(Warehouses.class);
        wh = warehouses.create(warehouses.primaryName());
    }

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    private void runDemoSteps() {
        DemoSeeder.seed(wh, 300, 42, false, new QuietProgress());
        ModelRunner models = context.getBean(ModelRunner.class);
        RunSummary before = models.run(RunOptions.of(Selection.excluding("source:weft+")));
        assertThat(before.ok()).as(before.toString()).isTrue();
        context.getBean(IdentityService.class).run(false, m -> { });
        RunSummary after = models.run(RunOptions.of(Selection.of("source:weft+")));
        assertThat(after.ok()).as(after.toString()).isTrue();
        context.getBean(AudienceSchemaCache.class).refresh();
        context.getBean(AudienceRuns.class).run(List.of("german"));
    }

    @Test
    void theCatalogOffersTraitsWithSamplesEventsWithPropertiesAndAudiencesWithSizes() throws Exception {
        assertThatThrownBy(() -> context.getBean(AudienceBuilderCatalog.class).read()).as("before the models ran")
                .isInstanceOf(AudiencesNotReadyException.class);
        runDemoSteps();
        AudienceBuilderCatalog.Catalog catalog = context.getBean(AudienceBuilderCatalog.class).read();

        assertThat(catalog.traits()).extracting(AudienceBuilderCatalog.Trait::column).containsExactly("email", "country", "plan",
                "lifetime_value", "order_count", "first_seen_at", "last_seen_at", "last_order_at");
        Map<String, AudienceBuilderCatalog.Trait> traits = new TreeMap<>();
        catalog.traits().forEach(t -> traits.put(t.column(), t));
        assertThat(traits.get("country").type()).isEqualTo("varchar");
        assertThat(traits.get("lifetime_value").type()).isEqualTo("double");
        assertThat(traits.get("order_count").type()).isEqualTo("bigint");
        assertThat(traits.get("last_order_at").type()).isEqualTo("timestamp");
        // Fewer rows than the sampled slice: the samples are the table's smallest distinct values.
        assertThat(wh.queryLong("SELECT COUNT(*) FROM profile_traits").orElseThrow()).isLessThan(AudienceBuilderCatalog.SCAN_ROWS);
        for (String column : List.of("country", "plan", "order_count")) {
            List<Object> expected = wh.queryList("SELECT DISTINCT " + column + " FROM profile_traits WHERE " + column
                    + " IS NOT NULL ORDER BY 1 LIMIT 5", List.of(), row -> row.getObject(0));
            assertThat(traits.get(column).sampleValues()).as(column).isNotEmpty()
                    .containsExactlyElementsOf(expected.stream().map(v -> v instanceof Number n && column.equals("order_count")
                            ? (Object) n.longValue() : v.toString()).toList());
        }
        assertThat(traits.get("lifetime_value").sampleValues()).hasSizeBetween(1, 5).allSatisfy(v -> assertThat(v).isInstanceOf(Double.class));
        assertThat(traits.get("last_order_at").sampleValues()).allSatisfy(v -> assertThat(v.toString()).endsWith("Z"));

        Map<String, Set<String>> keys = new TreeMap<>();
        Map<String, Map<String, Set<String>>> jsonKinds = new TreeMap<>(); // what each key's values are, per event
        ObjectMapper json = new ObjectMapper();
        wh.query("SELECT event_name, CAST(properties AS " + wh.dialect().typeName(dev.weft.warehouse.ColumnType.VARCHAR)
                + ") FROM profile_events WHERE properties IS NOT NULL", List.of(), row -> {
            JsonNode doc;
            try {
                doc = json.readTree(row.getString(1));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            doc.fieldNames().forEachRemaining(k -> keys.computeIfAbsent(row.getString(0), e -> new TreeSet<>()).add(k));
            doc.fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                String kind = v.isNumber() ? "double" : v.isBoolean() ? "boolean"
                        : v.isTextual() && DefinitionParser.timestamp(v.asText()) != null ? "timestamp" : "varchar";
                if (!v.isNull()) {
                    jsonKinds.computeIfAbsent(row.getString(0), e -> new TreeMap<>()).computeIfAbsent(f.getKey(), k -> new TreeSet<>()).add(kind);
                }
            });
        });
        assertThat(wh.queryLong("SELECT COUNT(*) FROM profile_events").orElseThrow()).isLessThan(AudienceBuilderCatalog.SCAN_ROWS);
        Set<String> eventNames = new TreeSet<>(wh.queryList("SELECT DISTINCT event_name FROM profile_events", List.of(), r -> r.getString(0)));
        assertThat(catalog.events()).extracting(AudienceBuilderCatalog.Event::name).containsExactlyElementsOf(eventNames);
        assertThat(keys).isNotEmpty();
        for (AudienceBuilderCatalog.Event event : catalog.events()) {
            Map<String, String> properties = new TreeMap<>();
            event.properties().forEach(p -> properties.put(p.name(), p.type()));
            assertThat(properties).as(event.name()).containsEntry("revenue", "double").containsEntry("occurred_at", "timestamp")
                    .containsEntry("event_id", "varchar").doesNotContainKeys("profile_id", "event_name", "properties");
            Set<String> expected = new TreeSet<>(Set.of("event_id", "occurred_at", "revenue"));
            expected.addAll(keys.getOrDefault(event.name(), Set.of()));
            assertThat(properties.keySet()).as(event.name()).isEqualTo(expected);
            Map<String, Set<String>> kinds = jsonKinds.getOrDefault(event.name(), Map.of());
            for (String key : keys.getOrDefault(event.name(), Set.of())) {
                String type = key.equals("product_id") ? "double" : kinds.get(key).size() == 1 ? kinds.get(key).iterator().next() : "varchar";
                assertThat(properties).as(event.name() + "." + key).containsEntry(key, type);
            }
        }

        assertThat(catalog.aggregateProperties()).as("the events model's numeric columns").containsExactly("revenue");

        long germans = wh.queryLong("SELECT COUNT(*) FROM weft_audience_members WHERE audience_id = ?", "german").orElseThrow();
        assertThat(germans).isPositive();
        assertThat(catalog.audiences()).containsExactly(new AudienceBuilderCatalog.AudienceChoice("german", "Germans", germans, null));
        assertThat(catalog.membershipOperators()).extracting(AudienceBuilderCatalog.MembershipOperator::operator)
                .containsExactly("in", "not_in", "joined", "left");
    }
}
