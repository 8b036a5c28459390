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
                    new AudienceBuilderCatalog.Trait("lifetime_value", "double", List.of(12.5))),
            List.of(new AudienceBuilderCatalog.Event("order_completed", List.of())),
            List.of(new AudienceBuilderCatalog.AudienceChoice("vip", "VIPs", 10L)), List.of());

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

        assertThat(BuilderForm.of(CATALOG, "a1", json.readTree("{\"name\":\"x\",\"conditions\":[{\"type\":\"not\",\"condition\":"
                + "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"vip\"}}]}"))).isEmpty();
        assertThat(BuilderForm.of(CATALOG, "a1", json.readTree("{\"name\":\"x\",\"conditions\":[{\"type\":\"trait\","
                + "\"column\":\"dropped_column\",\"operator\":\"is_set\"}]}"))).isEmpty();
    }
}
