package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.Workspace;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Audiences as code: each {@code audiences/<id>.json} is an audience with that ID, read-only through
 * REST. Files are read on each use (there are few), so a {@code git pull} takes effect without a restart.
 */
@Singleton
public class GitAudiences {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");

    private final Workspace workspace;
    private final ObjectMapper json = new ObjectMapper();

    public GitAudiences(Workspace workspace) {
        this.workspace = workspace;
    }

    public Path folder() {
        return workspace.resolve("audiences");
    }

    /** Every file, each read on its own: one that is no audience is listed as invalid, never failing the list. */
    public List<Audience> list() {
        Path dir = folder();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Audience> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(read(f));
            }
        } catch (IOException e) {
            throw new WeftException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    public Optional<Audience> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty(); // never a path: IDs from requests are not trusted as file names
        }
        Path f = folder().resolve(id + ".json");
        return Files.isRegularFile(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** A file under the workspace as listings show it: relative to the workspace's root. */
    String shown(Path file) {
        return workspace.root().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * Reads one file as an audience. A file that is none (a name that is no ID, unreadable, not JSON, not an
     * object) comes back invalid, saying why: syntax errors name the line and column.
     */
    public Audience read(Path file) {
        String fileName = file.getFileName().toString();
        String id = fileName.substring(0, fileName.length() - ".json".length());
        String shown = shown(file);
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            modified = Instant.EPOCH;
        }
        if (!ID.matcher(id).matches()) {
            return Audience.invalidFile(id, shown, modified, shown
                    + ": an audience file name must be its ID: lower-case letters, digits, '-' or '_'");
        }
        JsonNode node;
        try {
            node = json.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Audience.invalidFile(id, shown, modified, shown + (at == null ? "" : " line " + at.getLineNr() + " column "
                    + at.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Audience.invalidFile(id, shown, modified, shown + ": cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return Audience.invalidFile(id, shown, modified, shown + ": must hold one JSON object (an audience definition)");
        }
        String name = node.path("name").asText(id);
        return new Audience(id, name, "git", shown, 1, node, modified, "git", modified, "git", null, null);
    }
}
