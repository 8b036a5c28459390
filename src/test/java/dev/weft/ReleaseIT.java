package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release tarball works on its own: unpacked away from the source tree, its {@code bin/weft}
 * prints the built version and runs the whole demo in an empty folder (run by failsafe after package).
 */
class ReleaseIT {

    @TempDir
    Path dir;

    @Test
    void theUnpackedReleaseRunsTheDemoWithoutTheSourceTree() throws Exception {
        Path tarball = Path.of(System.getProperty("weft.release"));
        String version = System.getProperty("weft.version");
        assertThat(tarball).isRegularFile();
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        assertThat(run(unpacked, List.of("tar", "-xzf", tarball.toString())).exit).isZero();
        Path weft = unpacked.resolve("weft-" + version).resolve("bin/weft");
        assertThat(weft).isExecutable();
        assertThat(unpacked.resolve("weft-" + version).resolve("docs/architecture.md")).isRegularFile();

        Result v = run(dir, List.of(weft.toString(), "--version"));
        assertThat(v.exit).isZero();
        assertThat(v.output).isEqualTo("weft " + version + "\n");

        Path workspace = Files.createDirectories(dir.resolve("shop"));
        Result demo = run(workspace, List.of(weft.toString(), "demo"));
        assertThat(demo.exit).as(demo.output).isZero();
        assertThat(demo.output).contains("[2/2] pipeline").containsPattern("built +sync:contacts_to_file");
        assertThat(workspace.resolve("demo-output/contacts_to_file/current.jsonl")).isRegularFile();
        assertThat(workspace.resolve("models")).isDirectory();

        // The demo, the first command run, recorded the class-data sharing archive later commands start from.
        try (var archives = Files.list(dir.resolve("cache"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".jsa");
        }
        // A CLI command's output is its results only: nothing from the logging set-up or the JVM's class-data sharing.
        for (int i = 0; i < 2; i++) {
            Result list = run(workspace, List.of(weft.toString(), "models", "list"));
            assertThat(list.exit).as(list.output).isZero();
            assertThat(list.output.lines().findFirst().orElseThrow()).matches("[a-z_]+ +(table|view|incremental) +models/\\S+\\.sql");
            assertThat(list.output).doesNotContain("|-INFO", "|-WARN", "[cds");
        }

        // Logs: ISO-8601 UTC timestamps by default; one JSON object per line with WEFT_LOG_FORMAT=json.
        Result text = run(workspace, List.of(weft.toString(), "syncs", "run", "contacts_to_file"), Map.of("WEFT_LOG_LEVEL", "INFO"));
        assertThat(text.exit).as(text.output).isZero();
        assertThat(text.output.lines().filter(l -> l.contains("sync contacts_to_file: run ") && l.contains(" started (cli)")))
                .singleElement().asString().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO .*");
        Result json = run(workspace, List.of(weft.toString(), "syncs", "run", "contacts_to_file"),
                Map.of("WEFT_LOG_LEVEL", "INFO", "WEFT_LOG_FORMAT", "json"));
        assertThat(json.exit).as(json.output).isZero();
        String started = json.output.lines().filter(l -> l.contains(" started (cli)")).findFirst().orElseThrow();
        JsonNode line = new ObjectMapper().readTree(started);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("formattedMessage").asText()).startsWith("sync contacts_to_file: run ");
    }

    private record Result(int exit, String output) {
    }

    private Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        return run(cwd, command, Map.of());
    }

    private Result run(Path cwd, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("WEFT_CONFIG");
        pb.environment().put("WEFT_CACHE_DIR", dir.resolve("cache").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
