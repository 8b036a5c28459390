package dev.weft.destinations.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Workspace;
import dev.weft.destinations.Batch;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The destination contract on a temp folder, in JSON Lines; plus the file layout in both formats. */
class FileDestinationTest extends DestinationContract {

    @TempDir
    Path dir;

    private Destination open(String format, String path) {
        // The whole temp workspace as the root: these tests are about the files, not the confinement.
        return new FileDestinationProvider(new Workspace(dir.toString()), ".").open(new DestinationConnection("c1", "files", "file",
                Map.of("path", path, "format", format), Map.of()), Map.of());
    }

    @Override
    protected Destination openDestination() {
        return open("jsonl", "out");
    }

    @Override
    protected Destination openWithBadCredentials() throws Exception {
        // A file's "credentials" are a writable folder: point it at a path that is a regular file.
        Files.writeString(dir.resolve("not-a-folder"), "x");
        return open("jsonl", "not-a-folder");
    }

    @Override
    protected Map<String, Map<String, Object>> held() throws Exception {
        Path current = dir.resolve("out/contract/current.jsonl");
        return new FileDestination(dir.resolve("out"), new FileRoot(dir), "jsonl", new ObjectMapper()).readCurrent(current);
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        Assumptions.abort("a file system has no rate limit");
    }

    @Override
    protected void failNextCallWithServerError() {
        Assumptions.abort("a file system has no server to fail");
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        Assumptions.abort("a file accepts every record");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv"})
    void writesOneFilePerRunAndTheCurrentState(String format) throws Exception {
        try (Destination d = open(format, "exports")) {
            SyncRecord a = new SyncRecord("a", Operation.ADD, Map.of("email", "a@x.com", "note", "has, comma \"and quotes\""));
            SyncRecord b = new SyncRecord("b", Operation.ADD, Map.of("email", "b@x.com", "note", "plain"));
            d.send(new Batch("s1", "run1", SyncMode.MIRROR, "i1", List.of(a, b)));
            d.send(new Batch("s1", "run2", SyncMode.MIRROR, "i2", List.of(
                    new SyncRecord("a", Operation.REMOVE, a.fields()),
                    new SyncRecord("b", Operation.CHANGE, Map.of("email", "b@x.com", "note", "line\nbreak")))));
        }
        Path sync = dir.resolve("exports/s1");
        assertThat(Files.readAllLines(sync.resolve("runs/run1." + format))).hasSize(format.equals("csv") ? 3 : 2);
        assertThat(Files.readString(sync.resolve("runs/run2." + format))).contains("remove");
        // A fresh destination reads the current state back from disk.
        var current = new FileDestination(dir.resolve("exports"), new FileRoot(dir), format, new ObjectMapper())
                .readCurrent(sync.resolve("current." + format));
        assertThat(current).containsOnlyKeys("b");
        assertThat(current.get("b")).containsEntry("note", "line\nbreak").containsEntry("email", "b@x.com");
    }

    /**
     * The current file is rewritten at most every few seconds and when the run ends: a run cut short (no close)
     * leaves it behind the records acknowledged, and reading it back replays the run files written since.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jsonl", "csv"})
    void aRunCutShortReadsBackEveryAcknowledgedRecord(String format) throws Exception {
        Destination d = open(format, "cut");
        d.send(new Batch("s1", "run1", SyncMode.MIRROR, "i1", List.of(new SyncRecord("a", Operation.ADD, Map.of("email", "a@x.com")))));
        d.send(new Batch("s1", "run1", SyncMode.MIRROR, "i2", List.of(new SyncRecord("b", Operation.ADD, Map.of("email", "b@x.com")),
                new SyncRecord("a", Operation.REMOVE, Map.of("email", "a@x.com")))));
        Path current = dir.resolve("cut/s1/current." + format);
        assertThat(Files.readString(current)).as("written after the first batch only").contains("a@x.com").doesNotContain("b@x.com");
        FileDestination fresh = new FileDestination(dir.resolve("cut"), new FileRoot(dir), format, new ObjectMapper());
        assertThat(fresh.readCurrent(current)).containsOnlyKeys("b");

        d.close();
        assertThat(Files.readString(current)).as("written when the run ends").contains("b@x.com").doesNotContain("a@x.com");
        assertThat(fresh.readCurrent(current)).containsOnlyKeys("b");
    }

    @Test
    void csvRoundTripsQuotedFields() throws Exception {
        String line = Csv.line(java.util.Arrays.asList("a", "b,c", "d\"e", "f\ng", null, "\u00e9t\u00e9"));
        assertThat(line).isEqualTo("a,\"b,c\",\"d\"\"e\",\"f\ng\",,\u00e9t\u00e9\n");
        assertThat(Csv.parse(line + line)).containsExactly(List.of("a", "b,c", "d\"e", "f\ng", "", "\u00e9t\u00e9"),
                List.of("a", "b,c", "d\"e", "f\ng", "", "\u00e9t\u00e9"));
    }

    @Test
    void pathsThatLeadOutOfTheRootAreRefusedNamingTheSetting() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(dir.resolve("demo-output"));
        Files.createSymbolicLink(dir.resolve("demo-output/link"), outside);
        FileDestinationProvider files = new FileDestinationProvider(new Workspace(dir.toString()), FileDestinationProvider.DEFAULT_ROOT);

        for (String path : List.of("../x", "demo-output/../elsewhere", outside.toString(), "/tmp", "elsewhere",
                "demo-output/link", "demo-output/link/deeper")) {
            Map<String, String> problems = files.settingProblems(Map.of("path", path));
            assertThat(problems).as(path).containsOnlyKeys("path");
            assertThat(problems.get("path")).as(path).contains("outside").contains("weft.destinations.file.root");
            assertThatThrownBy(() -> files.open(new DestinationConnection("c1", "files", "file", Map.of("path", path), Map.of()),
                    Map.of())).as(path).hasMessageContaining("settings.path").hasMessageContaining("outside");
        }
        for (String path : List.of("demo-output", "demo-output/sub/folder", dir.resolve("demo-output/abs").toString())) {
            assertThat(files.settingProblems(Map.of("path", path))).as(path).isEmpty();
        }
        assertThat(files.settingProblems(Map.of("path", "demo-output", "format", "xml"))).containsOnlyKeys("format");
    }

    @Test
    void aLinkMadeAfterTheCheckIsRefusedWhenWriting() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        FileDestinationProvider files = new FileDestinationProvider(new Workspace(dir.toString()), FileDestinationProvider.DEFAULT_ROOT);
        try (Destination d = files.open(new DestinationConnection("c1", "files", "file", Map.of("path", "demo-output"), Map.of()),
                Map.of())) {
            Files.createDirectories(dir.resolve("demo-output"));
            Files.createSymbolicLink(dir.resolve("demo-output/s1"), outside);
            Batch batch = new Batch("s1", "run1", SyncMode.UPSERT, "b1",
                    List.of(new SyncRecord("a", Operation.ADD, Map.of("email", "a@x.com"))));
            assertThatThrownBy(() -> d.send(batch)).isInstanceOf(DestinationException.class).hasMessageContaining("outside");
        }
        try (var left = Files.list(outside)) {
            assertThat(left).as("nothing written through the link").isEmpty();
        }
    }
}
