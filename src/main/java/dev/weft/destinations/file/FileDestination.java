package dev.weft.destinations.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Per sync, under {@code <path>/<sync>/}: {@code runs/<run>.<ext>}, every record each run sent (key,
 * operation, fields), and {@code current.<ext>}, what the destination holds now (key, fields). A
 * batch is acknowledged only after its run file is appended and forced, so an acknowledged record is never
 * lost. The current file, which costs its whole size to rewrite, is replaced atomically at most every
 * {@link #CURRENT_EVERY} during a run and when the run closes the destination; reading it back replays the run
 * files written since (a run cut short by a crash), so it always reads as every acknowledged record applied.
 */
final class FileDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(FileDestination.class);
    private static final Capabilities CAPABILITIES = new Capabilities(Set.of(SyncMode.values()), Set.of("key"),
            10_000, RateLimit.unlimited(), false, false, List.of());

    private final Path folder;
    private final FileRoot root;
    private final String format;
    private final ObjectMapper json;
    private final Map<String, Map<String, Map<String, Object>>> currentBySync = new HashMap<>();
    private final Map<Path, List<String>> csvHeaders = new HashMap<>();
    /** Per sync: its current file, while it lags the records sent; and when it was last written (nanoTime). */
    private final Map<String, Path> currentBehind = new HashMap<>();
    private final Map<String, Long> currentWritten = new HashMap<>();
    static final Duration CURRENT_EVERY = Duration.ofSeconds(5);

    FileDestination(Path folder, FileRoot root, String format, ObjectMapper json) {
        this.folder = folder;
        this.root = root;
        this.format = format;
        this.json = json;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public synchronized BatchResult send(Batch batch) {
        Path syncDir = folder.resolve(safe(batch.syncId())).normalize();
        try {
            // Checked again at every write: a link made since the connection was checked must not lead out.
            confined(syncDir);
            Files.createDirectories(syncDir.resolve("runs"));
            confined(syncDir.resolve("runs"));
            Map<String, Map<String, Object>> current = currentBySync.get(batch.syncId());
            if (current == null) {
                current = readCurrent(syncDir.resolve("current." + format));
                currentBySync.put(batch.syncId(), current);
            }
            appendToRunFile(syncDir.resolve("runs").resolve(safe(batch.runId()) + "." + format), batch.records());
            for (SyncRecord r : batch.records()) {
                if (r.operation() == Operation.REMOVE) {
                    current.remove(r.key());
                } else {
                    current.put(r.key(), new LinkedHashMap<>(r.fields()));
                }
            }
            Path currentFile = syncDir.resolve("current." + format);
            Long written = currentWritten.get(batch.syncId());
            if (written == null || System.nanoTime() - written >= CURRENT_EVERY.toNanos()) {
                writeCurrent(batch.syncId(), currentFile, current);
            } else {
                currentBehind.put(batch.syncId(), currentFile);
            }
            return BatchResult.allOk(batch);
        } catch (IOException e) {
            currentBySync.remove(batch.syncId()); // reread from disk next time: memory may be ahead of the file
            throw DestinationException.permanent("file destination " + syncDir + ": cannot write: " + e);
        }
    }

    /** The run is over: every current file that lags is written (were this to fail, the next read replays the run files). */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, Path> behind : Map.copyOf(currentBehind).entrySet()) {
            try {
                writeCurrent(behind.getKey(), behind.getValue(), currentBySync.get(behind.getKey()));
            } catch (IOException e) {
                LOG.warn("file destination: cannot write {}: {}; the next run reads it back from the run files", behind.getValue(), e.toString());
            }
        }
    }

    @Override
    public ConnectionCheck test() {
        try {
            confined(folder);
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".weft-test", ".tmp");
            Files.delete(probe);
            return ConnectionCheck.ok("folder " + folder + " is writable");
        } catch (IOException e) {
            return ConnectionCheck.failed("folder " + folder + " is not writable: " + e);
        }
    }

    private void appendToRunFile(Path file, List<SyncRecord> records) throws IOException {
        StringBuilder out = new StringBuilder();
        if (format.equals("csv")) {
            List<String> header = csvHeaders.get(file);
            if (header == null) {
                header = new ArrayList<>(List.of("key", "operation"));
                header.addAll(new TreeSet<>(records.get(0).fields().keySet()));
                csvHeaders.put(file, header);
                if (!Files.exists(file)) {
                    out.append(Csv.line(header));
                }
            }
            for (SyncRecord r : records) {
                List<Object> row = new ArrayList<>(List.of(r.key(), op(r)));
                for (String column : header.subList(2, header.size())) {
                    row.add(r.fields().get(column));
                }
                out.append(Csv.line(row));
            }
        } else {
            for (SyncRecord r : records) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("key", r.key());
                line.put("operation", op(r));
                line.put("fields", r.fields());
                out.append(json.writeValueAsString(line)).append('\n');
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS)) {
            ch.write(StandardCharsets.UTF_8.encode(out.toString()));
            ch.force(true);
        }
    }

    private void writeCurrent(String syncId, Path file, Map<String, Map<String, Object>> current) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        // Written through a small buffer: the whole file as one buffer needs as much direct memory as it is long.
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
             Writer out = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8), 1 << 16)) {
            if (format.equals("csv")) {
                TreeSet<String> columns = new TreeSet<>();
                current.values().forEach(f -> columns.addAll(f.keySet()));
                List<String> header = new ArrayList<>(List.of("key"));
                header.addAll(columns);
                out.write(Csv.line(header));
                for (Map.Entry<String, Map<String, Object>> e : current.entrySet()) {
                    List<Object> row = new ArrayList<>(List.of(e.getKey()));
                    columns.forEach(c -> row.add(e.getValue().get(c)));
                    out.write(Csv.line(row));
                }
            } else {
                for (Map.Entry<String, Map<String, Object>> e : current.entrySet()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("key", e.getKey());
                    line.put("fields", e.getValue());
                    out.write(json.writeValueAsString(line));
                    out.write('\n');
                }
            }
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        currentBehind.remove(syncId);
        currentWritten.put(syncId, System.nanoTime());
    }

    /**
     * What the destination holds, key to fields (CSV values come back as text): the current-state file, then the
     * records of every run file written since it, in the order they were written.
     */
    Map<String, Map<String, Object>> readCurrent(Path file) throws IOException {
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        FileTime since = null;
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            apply(file, current, false);
            since = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        }
        Path runs = file.resolveSibling("runs");
        if (!Files.isDirectory(runs, LinkOption.NOFOLLOW_LINKS)) {
            return current;
        }
        Map<Path, FileTime> newer = new HashMap<>();
        try (Stream<Path> all = Files.list(runs)) {
            for (Path run : all.filter(p -> p.getFileName().toString().endsWith("." + format)).toList()) {
                FileTime written = Files.getLastModifiedTime(run, LinkOption.NOFOLLOW_LINKS);
                if (since == null || written.compareTo(since) >= 0) {
                    newer.put(run, written);
                }
            }
        }
        List<Path> inOrder = newer.keySet().stream()
                .sorted(Comparator.comparing((Path p) -> newer.get(p)).thenComparing(Path::toString)).toList();
        for (Path run : inOrder) {
            apply(run, current, true);
        }
        return current;
    }

    /** A current file ({@code runFile} false) or run file read into {@code current}: removals out, the others in. */
    private void apply(Path file, Map<String, Map<String, Object>> current, boolean runFile) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; the file destination reads and writes only its own files");
        }
        String text = Files.readString(file);
        if (format.equals("csv")) {
            List<List<String>> rows = Csv.parse(text);
            if (rows.isEmpty()) {
                return;
            }
            List<String> header = rows.get(0);
            int firstField = runFile ? 2 : 1; // a run file's second column is the operation
            for (List<String> row : rows.subList(1, rows.size())) {
                if (runFile && row.size() > 1 && row.get(1).equals("remove")) {
                    current.remove(row.get(0));
                    continue;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int i = firstField; i < header.size() && i < row.size(); i++) {
                    fields.put(header.get(i), row.get(i).isEmpty() ? null : row.get(i));
                }
                current.put(row.get(0), fields);
            }
        } else {
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line);
                if (runFile && node.path("operation").asText().equals("remove")) {
                    current.remove(node.get("key").asText());
                } else {
                    current.put(node.get("key").asText(), json.convertValue(node.get("fields"),
                            new TypeReference<LinkedHashMap<String, Object>>() { }));
                }
            }
        }
    }

    private void confined(Path p) throws IOException {
        Optional<String> problem = root.problem(p);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
    }

    private static String op(SyncRecord r) {
        return r.operation().name().toLowerCase(Locale.ROOT);
    }

    /** Sync and run ids become file names: keep them to a safe alphabet. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
