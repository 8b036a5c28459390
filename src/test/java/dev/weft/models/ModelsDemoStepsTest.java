package dev.weft.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsDemoStepsTest {

    @TempDir
    Path dir;

    @Test
    void theBundledDemoFilesAreExactlyTheRepositorysModelsAndMacros() throws IOException {
        List<String> inRepo;
        try (Stream<Path> walk = Stream.concat(Files.walk(DemoModelsContract.PROJECT.resolve("models")),
                Files.walk(DemoModelsContract.PROJECT.resolve("macros")))) {
            inRepo = walk.filter(Files::isRegularFile)
                    .map(p -> DemoModelsContract.PROJECT.relativize(p).toString().replace('\\', '/')).toList();
        }
        assertThat(ModelsDemoSteps.DEMO_FILES).containsExactlyInAnyOrderElementsOf(inRepo);
    }

    @Test
    void scaffoldsAnEmptyWorkspaceAndLeavesAnExistingOneAlone() throws IOException {
        assertThat(ModelsDemoSteps.scaffold(dir)).isTrue();
        assertThat(dir.resolve("models/staging/stg_events.sql"))
                .hasSameTextualContentAs(DemoModelsContract.PROJECT.resolve("models/staging/stg_events.sql"));
        Files.writeString(dir.resolve("models/staging/stg_events.sql"), "select 1 as mine");
        assertThat(ModelsDemoSteps.scaffold(dir)).isFalse();
        assertThat(dir.resolve("models/staging/stg_events.sql")).hasContent("select 1 as mine");
    }
}
