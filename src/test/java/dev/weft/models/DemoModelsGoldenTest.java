package dev.weft.models;

import dev.weft.warehouse.BigQueryDialect;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SnowflakeDialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final Path GOLDEN = DemoModelsContract.PROJECT.resolve("src/test/resources/golden/models");
    private static final List<String> STG_EVENTS_COLUMNS = List.of("event_id", "anonymous_id", "user_id", "device_id",
            "event_name", "properties", "revenue", "occurred_at");

    static Stream<Dialect> engines() {
        return Stream.of(new SnowflakeDialect(), new BigQueryDialect());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void compiledModelsAndMaterializationsMatchTheGoldenFiles(Dialect d) throws IOException {
        ModelProject project = ModelProject.load(DemoModelsContract.PROJECT, d, "prod", Map.of());
        assertThat(project.models()).hasSize(6);
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
            assertMatchesGolden(d.name() + "/" + name + ".sql", statements);
        }
        List<String> tests = project.tests().stream()
                .map(t -> "-- " + t.name() + " " + Materializations.testBinds(t) + "\n" + Materializations.test(d, t)).toList();
        assertMatchesGolden(d.name() + "/schema_tests.sql", tests);
    }

    // TODO(after merging main): replace with dev.weft.testing.Golden.assertMatches once it has landed.
    private static void assertMatchesGolden(String path, List<String> statements) throws IOException {
        String actual = String.join("\n;\n", statements) + "\n";
        Path file = GOLDEN.resolve(path);
        if (Boolean.getBoolean("weft.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        assertThat(file).as("golden file %s (create it with -Dweft.golden.update=true)", file).isRegularFile();
        assertThat(actual).as("SQL differs from golden file %s", file).isEqualTo(Files.readString(file));
    }
}
