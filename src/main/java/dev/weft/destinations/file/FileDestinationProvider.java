package dev.weft.destinations.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationProvider;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code file}: writes what a sync sends to files, for the demo and for building an integration
 * without a vendor account. Settings: {@code path} (a folder, relative to the workspace) and
 * {@code format} ({@code jsonl}, the default, or {@code csv}).
 */
@Singleton
public class FileDestinationProvider implements DestinationProvider {

    private static final Set<String> FORMATS = Set.of("jsonl", "csv");

    private final Workspace workspace;
    private final ObjectMapper json = new ObjectMapper();

    public FileDestinationProvider(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public List<ConnectionField> connectionFields() {
        return List.of(
                new ConnectionField("path", true, false, "folder the files are written to, relative to the workspace"),
                new ConnectionField("format", false, false, "jsonl (default) or csv"));
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        String path = connection.setting("path", null);
        if (path == null || path.isBlank()) {
            throw new WeftException("connection '" + connection.name() + "': settings.path is required (a folder)");
        }
        String format = connection.setting("format", "jsonl");
        if (!FORMATS.contains(format)) {
            throw new WeftException("connection '" + connection.name() + "': settings.format must be jsonl or csv, got '" + format + "'");
        }
        Path folder = workspace.root().resolve(path).normalize();
        return new FileDestination(folder, format, json);
    }
}
