package dev.weft.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code state:modified} compares against: each model as it was compiled when it was last built by
 * a successful run (a hash of its compiled SQL and its config), and each schema test as it was defined when it
 * last passed, kept in {@code .weft/state/models.json}. dbt keeps a whole manifest; a node's own entry is all
 * its {@code state:} methods need here. A test's entry is keyed by its definition (its type, model, column and
 * arguments), as dbt's unique id of a generic test is: a test whose arguments change is a new node.
 */
public record ModelState(Map<String, Entry> models) {

    static final String FILE = "state/models.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model's fingerprints: {@code body}, the SHA-256 of its compiled SQL; {@code config}, its config as text. */
    public record Entry(String body, String config) {

        /** A test's entry: its key holds its definition. */
        static final Entry TEST = new Entry("", "");

        static Entry of(Model m) {
            return new Entry(ModelRunner.sha256(m.sql()), configText(m.config()));
        }

        /**
         * A config as the state records it: for every node but a snapshot, the text recorded before snapshots existed,
         * so a state written by an earlier version still compares equal and an upgrade marks nothing modified.
         */
        static String configText(ModelConfig c) {
            return "ModelConfig[materialized=" + c.materialized() + ", uniqueKey=" + c.uniqueKey() + ", tags=" + c.tags()
                    + (c.snapshot() == null ? "" : ", snapshot=" + c.snapshot()) + "]";
        }
    }

    /** The state stored under {@code stateDir} ({@code .weft}), if a run ever succeeded there. */
    public static Optional<ModelState> load(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ModelState(JSON.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() {
            })));
        } catch (IOException e) {
            throw new WeftException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state of {@code project}'s workspace as git commit {@code ref} has it (dbt compares with another version's
     * manifest; this is that version's models, compiled as {@code project}'s are): every node of that commit.
     */
    static ModelState atGitRef(ModelProject project, String ref) {
        Path dir;
        try {
            dir = Files.createTempDirectory("weft-state-");
        } catch (IOException e) {
            throw new WeftException("--state-ref " + ref + ": cannot make a temporary folder: " + e.getMessage(), e);
        }
        try {
            String commit = GitWorkspaces.extract(project.root(), ref, List.of(ModelProject.MODELS_DIR, ModelProject.SNAPSHOTS_DIR,
                    ModelProject.MACROS_DIR), dir);
            if (!Files.isDirectory(dir.resolve(ModelProject.MODELS_DIR))) {
                return new ModelState(Map.of()); // no models then: every node is new
            }
            ModelProject then;
            try {
                then = ModelProject.load(dir, project.dialect(), project.compiler().targetName(), project.compiler().vars());
            } catch (WeftException e) {
                throw new WeftException("--state-ref " + ref + ": the models of commit " + commit.substring(0, 12)
                        + " do not compile, so nothing can be compared with them:\n" + e.getMessage(), e);
            }
            Map<String, Entry> models = new TreeMap<>();
            then.models().values().forEach(m -> models.put(m.name(), Entry.of(m)));
            then.tests().forEach(t -> models.put(key(t), Entry.TEST));
            return new ModelState(models);
        } finally {
            try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
    }

    /**
     * Records {@code built} as they are now in {@code project}, and the tests that {@code passed}, keeping every other
     * node's entry that the project still has.
     */
    static void save(Path stateDir, ModelProject project, Collection<String> built, Collection<SchemaTest> passed) {
        Map<String, Entry> models = new TreeMap<>(load(stateDir).map(ModelState::models).orElse(Map.of()));
        java.util.Set<String> nodes = new java.util.HashSet<>(project.models().keySet());
        project.tests().forEach(t -> nodes.add(key(t)));
        models.keySet().retainAll(nodes);
        built.forEach(name -> models.put(name, Entry.of(project.model(name))));
        passed.forEach(t -> models.put(key(t), Entry.TEST));
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), models);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WeftException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * dbt's {@code state:} values: {@code new}, {@code old} (recorded before), {@code modified} (new, or body or config
     * changed), {@code unmodified} (old and neither changed), {@code modified.body}, {@code modified.configs}.
     */
    boolean matches(String value, Model m) {
        Entry before = models.get(m.name());
        Entry now = Entry.of(m);
        boolean bodyChanged = before == null || !before.body().equals(now.body());
        boolean configChanged = before == null || !withoutTags(before.config()).equals(withoutTags(now.config()));
        return switch (value) {
            case "new" -> before == null;
            case "old" -> before != null;
            case "modified" -> bodyChanged || configChanged;
            case "unmodified" -> !bodyChanged && !configChanged;
            case "modified.body" -> bodyChanged;
            case "modified.configs" -> configChanged;
            default -> throw new WeftException("state:" + value + " is not one of state:new, state:old, state:modified, "
                    + "state:unmodified, state:modified.body, state:modified.configs");
        };
    }

    /** A test: {@code new} and so {@code modified} until it passed as defined now; else {@code old} and {@code unmodified}. */
    boolean matches(String value, SchemaTest t) {
        boolean recorded = models.containsKey(key(t));
        return switch (value) {
            case "new", "modified", "modified.body" -> !recorded;
            case "old", "unmodified" -> recorded;
            case "modified.configs" -> false;
            default -> throw new WeftException("state:" + value + " is not one of state:new, state:old, state:modified, "
                    + "state:unmodified, state:modified.body, state:modified.configs");
        };
    }

    /** A test's key in the state: its definition, tags, file and line aside (they change how it is found, not what it checks). */
    static String key(SchemaTest t) {
        return "test:" + t.type() + "|" + t.model() + "|" + t.column() + "|" + t.values() + "|" + t.toModel() + "|" + t.field();
    }

    // dbt compares configs without tags (CompareBehavior.Exclude): a tag changes how a node is selected, not what it builds
    private static final java.util.regex.Pattern TAGS = java.util.regex.Pattern.compile(", tags=\\[[^\\]]*]");

    private static String withoutTags(String config) {
        return TAGS.matcher(config).replaceFirst("");
    }
}
