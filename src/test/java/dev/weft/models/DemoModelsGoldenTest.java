package dev.weft.models;

import dev.weft.testing.Golden;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.bigquery.BigQueryDialect;
import dev.weft.warehouse.snowflake.SnowflakeDialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snowflake and BigQuery cannot run here, so the demo models' compiled SQL and every statement their
 * materializations and schema tests send is compared with reviewed files under
 * {@code src/test/resources/golden/models/<engine>/} ({@code -Dweft.golden.update=true} rewrites them).
 */
class DemoModelsGoldenTest {

    private static final List<String> STG_EVENTS_COLUMNS = List.of("event_id", "anonymous_id", "user_id", "device_id",
            "event_name", "properties", "revenue", "occurred_at");

    static Stream<Dialect> engines() {
        return Stream.of(new SnowflakeDialect(), new BigQueryDialect());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void compiledModelsAndMaterializationsMatchTheGoldenFiles(Dialect d) {
        ModelProject project = ModelProject.load(DemoModelsContract.PROJECT, d, "prod", Map.of());
        assertThat(project.models()).hasSize(8);
        for (String name : project.graph().order()) {
            Model model = project.model(name);
            List<String> statements = new ArrayList<>();
            switch (model.config().materialized()) {
                case VIEW -> statements.addAll(Materializations.view(d, name, model.sql()));
                case TABLE -> {
                    statements.addAll(Materializations.buildStaging(d, name, model.sql()));
                    statements.addAll(Materializations.swapIn(d, name));
                }
                case INCREMENTAL -> {
                    statements.addAll(Materializations.buildStaging(d, name, model.sql()));
                    statements.addAll(Materializations.swapIn(d, name));
                    statements.add(Materializations.merge(d, name, project.compile(model, true),
                            model.config().uniqueKey(), STG_EVENTS_COLUMNS));
                }
                default -> throw new IllegalStateException();
            }
            Golden.assertMatches("models/" + d.name() + "/" + name + ".sql", statements);
        }
        List<String> tests = project.tests().stream()
                .map(t -> "-- " + t.name() + " " + Materializations.testBinds(t) + "\n" + Materializations.test(d, t)).toList();
        Golden.assertMatches("models/" + d.name() + "/schema_tests.sql", tests);
    }
}
