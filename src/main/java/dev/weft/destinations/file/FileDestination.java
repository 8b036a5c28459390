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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per sync, under {@code <path>/<sync>/}: {@code runs/<run>.<ext>}, every record each run sent (key,
 * operation, fields), and {@code current.<ext>}, what the destination holds now (key, fields). A
 * batch is acknowledged only after both files are on disk (the run file appended and forced, the
 * current file replaced atomically), so an acknowledged record is never lost. Rewriting the current
 * file per batch costs its size: this destination is meant for demos and modest volumes.
 */
final class FileDestination implements Destination {

    private static final Capabilities CAPABILITIES = new Capabilities(Set.of(SyncMode.values()), Set.of("key"),
            10_000, RateLimit.unlimited(), false, false, List.of());

    private final Path folder;
    private final FileRoot root;
    private final String format;
    private final ObjectMapper json;
    private final Map<String, Map<String, Map<String, Object>>> currentBySync = new HashMap<>();
    private final Map<Path, List<String>> csvHeaders = new HashMap<>();

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
            writeCurrent(syncDir.resolve("current." + format), current);
            return BatchResult.allOk(batch);
        } catch (IOException e) {
            currentBySync.remove(batch.syncId()); // reread from disk next time: memory may be ahead of the file
            throw DestinationException.permanent("file destination " + syncDir + ": cannot write: " + e);
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

    private void writeCurrent(Path file, Map<String, Map<String, Object>> current) throws IOException {
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
    }

    /** The current-state file as key to fields (CSV values come back as text). */
    Map<String, Map<String, Object>> readCurrent(Path file) throws IOException {
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return current;
        }
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; the file destination reads and writes only its own files");
        }
        String text = Files.readString(file);
        if (format.equals("csv")) {
            List<List<String>> rows = Csv.parse(text);
            if (rows.isEmpty()) {
                return current;
            }
            List<String> header = rows.get(0);
            for (List<String> row : rows.subList(1, rows.size())) {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int i = 1; i < header.size() && i < row.size(); i++) {
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
                current.put(node.get("key").asText(), json.convertValue(node.get("fields"), new TypeReference<LinkedHashMap<String, Object>>() { }));
            }
        }
        return current;
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
