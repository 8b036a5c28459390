package dev.weft.destinations.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationProvider;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code file}: writes what a sync sends to files, for the demo and for building an integration
 * without a vendor account. Settings: {@code path} (a folder, relative to the workspace) and
 * {@code format} ({@code jsonl}, the default, or {@code csv}). The folder must lie under
 * {@code weft.destinations.file.root} (default {@code demo-output} in the workspace): customer data is
 * never written anywhere else.
 */
@Singleton
public class FileDestinationProvider implements DestinationProvider {

    /** The root when {@code weft.destinations.file.root} is not set, relative to the workspace. */
    public static final String DEFAULT_ROOT = "demo-output";
    private static final Set<String> FORMATS = Set.of("jsonl", "csv");

    private final Workspace workspace;
    private final FileRoot root;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code root} is relative to the workspace, or absolute. */
    public FileDestinationProvider(Workspace workspace, @Value("${" + FileRoot.KEY + ":" + DEFAULT_ROOT + "}") String root) {
        this.workspace = workspace;
        this.root = new FileRoot(workspace.root().resolve(root));
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
    public Map<String, String> settingProblems(Map<String, String> settings) {
        Map<String, String> problems = new TreeMap<>();
        String path = settings.get("path");
        if (path == null || path.isBlank()) {
            problems.put("path", "is required (a folder under " + root.path() + ")");
        } else {
            folder(path).ifPresentOrElse(f -> root.problem(f).ifPresent(p -> problems.put("path", p)),
                    () -> problems.put("path", "'" + path + "' is not a valid path"));
        }
        String format = settings.getOrDefault("format", "jsonl");
        if (!FORMATS.contains(format)) {
            problems.put("format", "must be jsonl or csv, got '" + format + "'");
        }
        return problems;
    }

    @Override
    public Destination open(DestinationConnection connection, Map<String, String> options) {
        Map<String, String> problems = settingProblems(connection.settings());
        if (!problems.isEmpty()) {
            throw new WeftException("connection '" + connection.name() + "': " + problems.entrySet().stream()
                    .map(e -> "settings." + e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
        }
        return new FileDestination(folder(connection.setting("path", null)).orElseThrow(), root,
                connection.setting("format", "jsonl"), json);
    }

    private Optional<Path> folder(String path) {
        try {
            return Optional.of(workspace.root().resolve(path).normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
