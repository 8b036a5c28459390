package dev.weft.web.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.audiences.AudienceBuilderCatalog;
import dev.weft.definitions.Problem;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder's fields read back into the condition tree the REST API takes, and its problems put back next to their condition. */
class BuilderFormTest {

    private static final AudienceBuilderCatalog.Catalog CATALOG = new AudienceBuilderCatalog.Catalog(
            List.of(new AudienceBuilderCatalog.Trait("country", "varchar", List.of("DE", "FR")),
                    new AudienceBuilderCatalog.Trait("lifetime_value", "double", List.of(12.5)),
                    new AudienceBuilderCatalog.Trait("last_order_at", "timestamp", List.of())),
            List.of(new AudienceBuilderCatalog.Event("order_completed", List.of(new AudienceBuilderCatalog.Property("revenue", "double"),
                    new AudienceBuilderCatalog.Property("category", "varchar")))),
            List.of(new AudienceBuilderCatalog.AudienceChoice("vip", "VIPs", 10L, null),
                    new AudienceBuilderCatalog.AudienceChoice("promo", "Promo", 10L, List.of("treatment", "holdout"))),
            List.of(), List.of("revenue"));

    @Test
    void oneGroupOfAllIsTheTopLevelListWithValuesTypedAsTheirColumns() {
        Map<String, String> f = new HashMap<>(Map.of("name", "Rich Germans", "g0.match", "all",
                "g0.c0.type", "trait", "g0.c0.column", "country", "g0.c0.operator", "in", "g0.c0.value", " DE, FR ,",
                "g0.c1.type", "trait", "g0.c1.column", "lifetime_value", "g0.c1.operator", "greater_than", "g0.c1.value", "500"));
        f.putAll(Map.of("g0.c2.type", "event", "g0.c2.event", "order_completed", "g0.c2.count_operator", "exactly",
                "g0.c2.count", "0", "g0.c2.days", "60"));
        JsonNode def = BuilderForm.read(CATALOG, f).definition();
        assertThat(def.toString()).isEqualTo("{\"name\":\"Rich Germans\",\"conditions\":["
                + "{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"in\",\"value\":[\"DE\",\"FR\"]},"
                + "{\"type\":\"trait\",\"column\":\"lifetime_value\",\"operator\":\"greater_than\",\"value\":500},"
                + "{\"type\":\"event\",\"event\":\"order_completed\",\"count\":{\"operator\":\"exactly\",\"value\":0},"
                + "\"window\":{\"last\":{\"amount\":60,\"unit\":\"days\"}}}]}");
    }

    @Test
    void groupsMatchingAnyNestUnderAnOrAndProblemsComeBackToTheirCondition() {
        Map<String, String> f = new HashMap<>(Map.of("match", "any",
                "g0.match", "any", "g0.c0.type", "trait", "g0.c0.column", "country", "g0.c0.operator", "equals", "g0.c0.value", "DE",
                "g0.c1.type", "audience", "g0.c1.operator", "not_in", "g0.c1.audience", "vip"));
        f.putAll(Map.of("g1.c0.type", "trait", "g1.c0.column", "lifetime_value", "g1.c0.operator", "less_than", "g1.c0.value", "lots"));
        BuilderForm form = BuilderForm.read(CATALOG, f);
        JsonNode def = form.definition();
        assertThat(def.get("name").asText()).isEqualTo("Untitled audience");
        assertThat(def.get("conditions").toString()).isEqualTo("[{\"type\":\"or\",\"conditions\":["
                + "{\"type\":\"or\",\"conditions\":[{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"equals\",\"value\":\"DE\"},"
                + "{\"type\":\"audience\",\"operator\":\"not_in\",\"audience\":\"vip\"}]},"
                + "{\"type\":\"trait\",\"column\":\"lifetime_value\",\"operator\":\"less_than\",\"value\":\"lots\"}]}]");

        form.problems("the audience definition is invalid (2 problems)", List.of(
                new Problem("/definition/conditions/0/conditions/1/value", "must be a number"),
                new Problem("/definition/conditions/0/conditions/0/conditions/1", "no audience 'vip'")), "/definition");
        assertThat(form.getRows()).extracting(BuilderForm.Row::getProblem)
                .containsExactly(null, "no audience 'vip'", "value: must be a number");
        assertThat(form.getProblem()).isNull();
    }

    @Test
    void choicesTheCatalogDoesNotOfferFallBackToItsFirstAndEditsRenumber() {
        BuilderForm form = BuilderForm.read(CATALOG, Map.of("g0.c0.type", "trait", "g0.c0.column", "password", "g0.c0.operator", "drop"));
        assertThat(form.getRows().get(0).getColumn()).isEqualTo("country");
        assertThat(form.getRows().get(0).getOperator()).isEqualTo("is_set");

        BuilderForm grown = form.apply("add:0").apply("add-group");
        assertThat(grown.getRows()).extracting(BuilderForm.Row::getKey).containsExactly("g0.c0", "g0.c1", "g1.c0");
        BuilderForm shrunk = grown.apply("remove:0:0");
        assertThat(shrunk.getRows()).extracting(BuilderForm.Row::getKey).containsExactly("g0.c0", "g1.c0");
        assertThat(shrunk.apply("remove:1:0").apply("remove:0:0").getRows()).hasSize(1);
    }

    @Test
    void aSavedDefinitionTheBuilderCanShowComesBackAsTheSameDefinition() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String saved = "{\"name\":\"Lapsed VIPs\",\"conditions\":[{\"type\":\"or\",\"conditions\":["
                + "{\"type\":\"and\",\"conditions\":[{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"in\",\"value\":[\"DE\",\"FR\"]},"
                + "{\"type\":\"event\",\"event\":\"order_completed\",\"count\":{\"operator\":\"exactly\",\"value\":0},"
                + "\"window\":{\"last\":{\"amount\":60,\"unit\":\"days\"}}}]},"
                + "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"vip\"}]}]}";
        BuilderForm form = BuilderForm.of(CATALOG, "a1", json.readTree(saved)).orElseThrow();
        assertThat(form.getEditing()).isEqualTo("a1");
        assertThat(form.definition().toString()).isEqualTo(json.readTree(saved).toString());

        assertThat(BuilderForm.of(CATALOG, "a1", json.readTree("{\"name\":\"x\",\"conditions\":[{\"type\":\"trait\","
                + "\"column\":\"dropped_column\",\"operator\":\"is_set\"}]}"))).isEmpty();
    }

    @Test
    void everyPartOfTheLanguageTheBuilderOffersComesBackAsTheSameDefinition() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // NOT over a group and over one condition, event filters, an aggregate without a count, windows in weeks and
        // between dates, a trait period in months, membership of a split group, history operators, and a split.
        String saved = "{\"name\":\"Everything\",\"conditions\":["
                + "{\"type\":\"trait\",\"column\":\"last_order_at\",\"operator\":\"within_last\",\"value\":{\"amount\":3,\"unit\":\"months\"}},"
                + "{\"type\":\"event\",\"event\":\"order_completed\",\"where\":[{\"property\":\"category\",\"operator\":\"in\","
                + "\"value\":[\"shoes\",\"hats\"]},{\"property\":\"revenue\",\"operator\":\"greater_than\",\"value\":20}],"
                + "\"window\":{\"last\":{\"amount\":2,\"unit\":\"weeks\"}},"
                + "\"aggregate\":{\"function\":\"sum\",\"property\":\"revenue\",\"operator\":\"between\",\"value\":{\"from\":100,\"to\":500}}},"
                + "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"promo\",\"group\":\"holdout\"},"
                + "{\"type\":\"not\",\"condition\":{\"type\":\"or\",\"conditions\":["
                + "{\"type\":\"audience\",\"operator\":\"joined\",\"audience\":\"vip\",\"window\":{\"between\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\"}}},"
                + "{\"type\":\"audience\",\"operator\":\"not_in\",\"audience\":\"vip\",\"for_at_least\":{\"amount\":30,\"unit\":\"days\"}}]}},"
                + "{\"type\":\"not\",\"condition\":{\"type\":\"event\",\"event\":\"order_completed\",\"count\":{\"operator\":\"at_least\",\"value\":1},"
                + "\"window\":{\"between\":{\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-02-28\"}}}}],"
                + "\"split\":{\"name\":\"holdout_test\",\"groups\":[{\"name\":\"treatment\",\"percent\":90},{\"name\":\"holdout\",\"percent\":10}]}}";
        BuilderForm form = BuilderForm.of(CATALOG, "a1", json.readTree(saved)).orElseThrow();
        assertThat(form.getGroups()).extracting(BuilderForm.Group::isNegate).containsExactly(false, true, true);
        assertThat(form.definition().toString()).isEqualTo(json.readTree(saved).toString());
        // And through the page's fields: what the browser posts back is the same definition.
        assertThat(BuilderForm.read(CATALOG, fields(form)).definition().toString()).isEqualTo(json.readTree(saved).toString());
    }

    @Test
    void whatTheBuilderCannotShowIsRefusedNotChanged() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // A group inside a group inside the top level, a list value with a comma, a split group the audience does not have.
        for (String conditions : List.of(
                "[{\"type\":\"and\",\"conditions\":[{\"type\":\"or\",\"conditions\":[{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"is_set\"}]}]}]",
                "[{\"type\":\"not\",\"condition\":{\"type\":\"not\",\"condition\":{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"is_set\"}}}]",
                "[{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"in\",\"value\":[\"DE, FR\"]}]",
                "[{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"promo\",\"group\":\"control\"}]")) {
            assertThat(BuilderForm.of(CATALOG, "a1", json.readTree("{\"name\":\"x\",\"conditions\":" + conditions + "}")))
                    .as(conditions).isEmpty();
        }
    }

    @Test
    void structuralEditsAddFiltersAndASplitAndProblemsOfTheSplitComeBackUnderIt() {
        BuilderForm form = BuilderForm.read(CATALOG, Map.of("g0.c0.type", "event", "g0.c0.event", "order_completed",
                "g0.c0.aggregate", "avg", "g0.c0.count_operator", "any", "g0.c0.aggregate_value", "50"));
        BuilderForm edited = form.apply("add-filter:0:0").apply("add-split").apply("add-split-group");
        BuilderForm.Row row = edited.getRows().get(0);
        assertThat(row.getFilters()).extracting(BuilderForm.Filter::getKey, BuilderForm.Filter::getProperty, BuilderForm.Filter::getOperator)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("g0.c0.f0", "revenue", "is_set"));
        assertThat(edited.getSplit().getGroups()).extracting(BuilderForm.SplitGroup::getKey).containsExactly("split.g0", "split.g1", "split.g2");
        JsonNode def = edited.definition();
        assertThat(def.get("conditions").toString()).isEqualTo("[{\"type\":\"event\",\"event\":\"order_completed\","
                + "\"where\":[{\"property\":\"revenue\",\"operator\":\"is_set\"}],"
                + "\"aggregate\":{\"function\":\"avg\",\"property\":\"revenue\",\"operator\":\"greater_than\",\"value\":50}}]");
        assertThat(def.get("split").toString()).isEqualTo("{\"name\":\"holdout_test\",\"groups\":[{\"name\":\"treatment\",\"percent\":90},"
                + "{\"name\":\"holdout\",\"percent\":10},{\"name\":\"group_3\",\"percent\":\"\"}]}");
        edited.problems("invalid", List.of(new Problem("/definition/split/groups", "percentages add up to 100"),
                new Problem("/definition/conditions/0/where/0/property", "no such property")), "/definition");
        assertThat(edited.getSplitProblem()).isEqualTo("groups: percentages add up to 100");
        assertThat(edited.getRows().get(0).getProblem()).isEqualTo("where/0/property: no such property");
        // Without an aggregate, "any number of" times is no choice: the count is at least 1 again.
        assertThat(edited.apply("remove-split").getSplit()).isNull();
        BuilderForm noAggregate = BuilderForm.read(CATALOG, Map.of("g0.c0.type", "event", "g0.c0.count_operator", "any"));
        assertThat(noAggregate.getRows().get(0).getCountOperator()).isEqualTo("at_least");
    }

    /** The fields the page would post for the form as shown. */
    private static Map<String, String> fields(BuilderForm form) {
        Map<String, String> f = new HashMap<>();
        f.put("name", form.getName());
        f.put("match", form.getMatch());
        for (BuilderForm.Group g : form.getGroups()) {
            f.put(g.getKey() + ".match", g.getMatch());
            if (g.isNegate()) {
                f.put(g.getKey() + ".negate", "on");
            }
            for (BuilderForm.Row r : g.getRows()) {
                String k = r.getKey();
                put(f, k + ".type", r.getType());
                put(f, k + ".column", r.getColumn());
                put(f, k + ".operator", r.getOperator());
                put(f, k + ".value", r.getValue());
                put(f, k + ".unit", r.getUnit());
                put(f, k + ".event", r.getEvent());
                put(f, k + ".count_operator", r.getCountOperator());
                put(f, k + ".count", r.getCount());
                put(f, k + ".window", r.getWindow());
                put(f, k + ".days", r.getDays());
                put(f, k + ".from", r.getFrom());
                put(f, k + ".to", r.getTo());
                put(f, k + ".aggregate", r.getAggregate());
                put(f, k + ".aggregate_property", r.getAggregateProperty());
                put(f, k + ".aggregate_operator", r.getAggregateOperator());
                put(f, k + ".aggregate_value", r.getAggregateValue());
                put(f, k + ".audience", r.getAudience());
                put(f, k + ".group", r.getGroup());
                for (BuilderForm.Filter x : r.getFilters()) {
                    put(f, x.getKey() + ".property", x.getProperty());
                    put(f, x.getKey() + ".operator", x.getOperator());
                    put(f, x.getKey() + ".value", x.getValue());
                    put(f, x.getKey() + ".unit", x.getUnit());
                }
            }
        }
        if (form.getSplit() != null) {
            f.put("split.name", form.getSplit().getName());
            form.getSplit().getGroups().forEach(g -> {
                f.put(g.getKey() + ".name", g.getName());
                f.put(g.getKey() + ".percent", g.getPercent());
            });
        }
        return f;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }
}
