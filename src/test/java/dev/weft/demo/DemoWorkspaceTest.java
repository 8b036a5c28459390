package dev.weft.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DemoWorkspaceTest {

    /** The repository root, where the demo workspace's folders live. */
    private static final Path REPO = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    @TempDir
    Path dir;

    @Test
    void theBundledFilesAreExactlyTheRepositorysDemoFolders() throws IOException {
        List<String> inRepo = new ArrayList<>();
        for (String folder : DemoWorkspace.FOLDERS) {
            try (Stream<Path> walk = Files.walk(REPO.resolve(folder))) {
                walk.filter(Files::isRegularFile).map(p -> REPO.relativize(p).toString().replace('\\', '/')).forEach(inRepo::add);
            }
        }
        assertThat(DemoWorkspace.FILES).containsExactlyInAnyOrderElementsOf(inRepo);
    }

    @Test
    void installsEveryMissingFolderAndLeavesExistingOnesAlone() throws IOException {
        Files.createDirectories(dir.resolve("syncs"));
        Files.writeString(dir.resolve("syncs/mine.yml"), "mine");

        assertThat(DemoWorkspace.install(dir)).containsExactly("models/", "macros/", "identity-graph/", "audiences/");
        for (String file : DemoWorkspace.FILES) {
            if (!file.startsWith("syncs/") && !file.startsWith("consent/")) {
                assertThat(dir.resolve(file)).hasSameTextualContentAs(REPO.resolve(file));
            }
        }
        assertThat(dir.resolve("syncs")).isDirectoryContaining(p -> p.getFileName().toString().equals("mine.yml"));
        assertThat(Files.exists(dir.resolve("syncs/contacts_to_file.yml"))).isFalse();
        assertThat(dir.resolve("consent")).as("the demo's consent would refuse the workspace's own syncs").doesNotExist();
        assertThat(DemoWorkspace.install(dir)).isEmpty();
    }

    @Test
    void writesTheDemosWeftYmlOnlyWhereThereIsNone() throws IOException {
        assertThat(DemoWorkspace.installConfig(dir)).isTrue();
        assertThat(dir.resolve("weft.yml")).content().contains("as-of: latest-event");
        Files.writeString(dir.resolve("weft.yml"), "weft: {}\n");
        assertThat(DemoWorkspace.installConfig(dir)).isFalse();
        assertThat(dir.resolve("weft.yml")).hasContent("weft: {}");
    }
}
