package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.definitions.Suggestions;
import dev.weft.definitions.YamlLines;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.WarehouseNames;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The models of a workspace, read and compiled for one dialect: every {@code models/**}{@code /*.sql}
 * (the file name is the model name), the sources and schema tests declared in {@code models/**}{@code /*.yml},
 * the macros of {@code macros/**}{@code /*.sql}, and the DAG of their {@code ref()}s. Loading reports every problem
 * of every file at once, each with file, line and column.
 */
public final class ModelProject {

    public static final String MODELS_DIR = "models";
    public static final String MACROS_DIR = "macros";
    public static final String SNAPSHOTS_DIR = "snapshots";

    private final Path root;
    private final Map<String, Model> models;
    private final Map<String, SourceTable> sources;
    private final List<SchemaTest> tests;
    private final ModelCompiler compiler;
    private final ModelGraph graph;
    private final Map<String, Map<String, String>> columnTypes;
    private final Map<String, NodeDocs> docs;

    private ModelProject(Path root, Map<String, Model> models, Map<String, SourceTable> sources,
                         List<SchemaTest> tests, ModelCompiler compiler, Map<String, Map<String, String>> columnTypes,
                         Map<String, NodeDocs> docs) {
        this.root = root;
        this.models = Collections.unmodifiableMap(models);
        this.sources = Collections.unmodifiableMap(sources);
        this.tests = List.copyOf(tests);
        this.docs = Map.copyOf(docs);
        this.compiler = compiler;
        this.columnTypes = Collections.unmodifiableMap(columnTypes);
        this.graph = new ModelGraph(models.values());
    }

    /** Reads {@code <root>/models}; {@code targetName} is what {@code target.name} renders. */
    public static ModelProject load(Path root, Dialect dialect, String targetName, Map<String, String> vars) {
        Path dir = root.resolve(MODELS_DIR);
        if (!Files.isDirectory(dir)) {
            throw new WeftException("no " + MODELS_DIR + "/ folder in " + root);
        }
        List<Path> sqlFiles = new ArrayList<>();
        List<Path> seedFiles = new ArrayList<>();
        List<YamlFile> yamlFiles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String fileName = p.getFileName().toString();
                if (fileName.endsWith(".sql")) {
                    sqlFiles.add(p);
                } else if (fileName.endsWith(".csv") && relative(root, p).startsWith(Seeds.DIR)) {
                    seedFiles.add(p);
                } else if (fileName.endsWith(".yml") || fileName.endsWith(".yaml")) {
                    collect(problems, () -> yamlFiles.add(YamlFile.read(p, relative(root, p))));
                }
            }
        } catch (IOException e) {
            throw new WeftException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        // dbt 1.9's snapshots in YAML (and any properties) may also live beside the classic blocks under snapshots/.
        Path snapshotDir = root.resolve(SNAPSHOTS_DIR);
        if (Files.isDirectory(snapshotDir)) {
            try (Stream<Path> walk = Files.walk(snapshotDir)) {
                for (Path p : walk.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")))
                        .sorted().toList()) {
                    collect(problems, () -> yamlFiles.add(YamlFile.read(p, relative(root, p))));
                }
            } catch (IOException e) {
                throw new WeftException("cannot read " + snapshotDir + ": " + e.getMessage(), e);
            }
        }

        Map<String, String> files = new TreeMap<>();
        Map<String, String> templates = new TreeMap<>();
        for (Path p : sqlFiles) {
            String file = relative(root, p);
            String name = p.getFileName().toString().replaceFirst("\\.sql$", "");
            if (tooLong(dialect, file, "model", name, problems)) {
                continue;
            }
            String other = files.putIfAbsent(name, file);
            if (other != null) {
                problems.add(file + ": model '" + name + "' is already defined by " + other);
                continue;
            }
            try {
                templates.put(name, Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new WeftException(file + ": cannot read: " + e.getMessage(), e);
            }
        }

        // A seed's name is its file's, in the models' namespace: ref('name') reads it, and no model may share it.
        Map<String, String> seedTexts = new TreeMap<>();
        for (Path p : seedFiles) {
            String file = relative(root, p);
            String name = p.getFileName().toString().replaceFirst("\\.csv$", "");
            if (tooLong(dialect, file, "seed", name, problems)) {
                continue;
            }
            String other = files.putIfAbsent(name, file);
            if (other != null) {
                problems.add(file + ": seed '" + name + "' has the name of " + other);
                continue;
            }
            try {
                seedTexts.put(name, Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new WeftException(file + ": cannot read: " + e.getMessage(), e);
            }
        }

        List<SnapshotBlock> snapshots = new ArrayList<>(readSnapshots(root, dialect, files, problems));

        Map<String, SourceTable> sources = new TreeMap<>();
        List<SchemaTest> tests = new ArrayList<>();
        Map<String, List<String>> yamlTags = new TreeMap<>();
        Map<String, Map<String, String>> columnTypes = new TreeMap<>();
        Map<String, NodeDocs> docs = new TreeMap<>();
        List<SnapshotBlock> yamlSnapshots = new ArrayList<>();
        List<Described> described = new ArrayList<>();
        for (YamlFile yaml : yamlFiles) {
            readYaml(yaml, sources, tests, yamlTags, columnTypes, docs, yamlSnapshots, described, problems);
        }
        for (SnapshotBlock b : yamlSnapshots) {
            if (tooLong(dialect, b.file(), "snapshot", b.name(), problems)) {
                continue;
            }
            String other = files.putIfAbsent(b.name(), b.file());
            if (other != null) {
                problems.add(b.file() + " line " + b.line() + ": snapshot '" + b.name() + "' has the name of " + other);
            } else {
                snapshots.add(b);
            }
        }
        columnTypes.keySet().stream().filter(n -> !seedTexts.containsKey(n)).forEach(n -> problems.add(
                "seeds: '" + n + "' has column_types but is not a CSV file under " + Seeds.DIR
                        + Suggestions.didYouMean(n, seedTexts.keySet())));

        ModelCompiler compiler = new ModelCompiler(dialect, targetName, sources, vars, readMacros(root));
        Map<String, Model> models = new TreeMap<>();
        Set<String> names = new java.util.HashSet<>(templates.keySet());
        names.addAll(seedTexts.keySet());
        snapshots.forEach(b -> names.add(b.name()));
        // Models render independently, so all cores share the work (500 models compile in about a second).
        Map<String, ModelCompiler.Result> rendered = templates.entrySet().parallelStream().collect(
                java.util.stream.Collectors.toConcurrentMap(Map.Entry::getKey,
                        t -> compiler.compile(t.getKey(), files.get(t.getKey()), t.getValue(), names, false)));
        for (Map.Entry<String, String> t : templates.entrySet()) {
            ModelCompiler.Result r = rendered.get(t.getKey());
            problems.addAll(r.problems());
            // Hooks render when they run; rendering them now reports their mistakes with the model's.
            Stream.concat(r.config().preHook().stream(), r.config().postHook().stream()).forEach(hook -> problems.addAll(
                    compiler.compile(t.getKey(), files.get(t.getKey()), hook, names, false).problems()));
            ModelConfig config = r.config().withTags(yamlTags.getOrDefault(t.getKey(), List.of()));
            models.put(t.getKey(), new Model(t.getKey(), files.get(t.getKey()), t.getValue(), config, r.refs(),
                    r.sources(), r.sql()));
        }
        for (SnapshotBlock b : snapshots) {
            ModelCompiler.Result r = compiler.compile(b.name(), b.file(), b.template(), names, false, true);
            problems.addAll(r.problems());
            r.config().snapshot().problems().forEach(p -> problems.add(b.file() + " line " + b.line() + ": snapshot '"
                    + b.name() + "': " + p));
            ModelConfig config = r.config().withTags(yamlTags.getOrDefault(b.name(), List.of()));
            models.put(b.name(), new Model(b.name(), b.file(), b.template(), config, r.refs(), r.sources(), r.sql()));
        }
        // A seed's text is its CSV: what state:modified compares, as dbt checksums a seed's file.
        seedTexts.forEach((name, csv) -> models.put(name, new Model(name, files.get(name), csv,
                new ModelConfig(ModelConfig.Materialization.SEED, List.of(), yamlTags.getOrDefault(name, List.of())),
                List.of(), List.of(), csv)));
        checkDescribed(described, models, problems);
        for (SchemaTest test : tests) {
            if (models.containsKey(test.model()) && test.toModel() != null && !models.containsKey(test.toModel())) {
                problems.add(test.file() + " line " + test.line() + ": relationships to ref('" + test.toModel()
                        + "'), which is not in models/" + Suggestions.didYouMean(test.toModel(), models.keySet()));
            }
        }
        if (!problems.isEmpty()) {
            throw new WeftException(String.join("\n", problems));
        }
        return new ModelProject(root, models, sources, tests, compiler, columnTypes, docs);
    }

    /**
     * One {@code {% snapshot name %} ... {% endsnapshot %}} block of a file under {@code snapshots/}. Its
     * template is the whole file with everything but the block's body blanked (line breaks kept), so problems
     * name the file's own lines and columns.
     */
    private record SnapshotBlock(String name, String file, int line, String template) {
    }

    private static final java.util.regex.Pattern SNAPSHOT_BLOCK = java.util.regex.Pattern.compile(
            "\\{%-?\\s*snapshot\\s+(\\w+)\\s*-?%}(.*?)\\{%-?\\s*endsnapshot\\s*-?%}", java.util.regex.Pattern.DOTALL);

    /** dbt's classic snapshots: each block of each {@code snapshots/**}{@code /*.sql} is a node named by its block. */
    private static List<SnapshotBlock> readSnapshots(Path root, Dialect dialect, Map<String, String> files, List<String> problems) {
        Path dir = root.resolve(SNAPSHOTS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SnapshotBlock> blocks = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql")).sorted().toList()) {
                String file = relative(root, p);
                String text = Files.readString(p, StandardCharsets.UTF_8);
                java.util.regex.Matcher m = SNAPSHOT_BLOCK.matcher(text);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    String name = m.group(1);
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    if (tooLong(dialect, file, "snapshot", name, problems)) {
                        continue;
                    }
                    String other = files.putIfAbsent(name, file);
                    if (other != null) {
                        problems.add(file + " line " + line + ": snapshot '" + name + "' has the name of " + other);
                        continue;
                    }
                    blocks.add(new SnapshotBlock(name, file, line, blankOutside(text, m.start(2), m.end(2))));
                }
                if (!any) {
                    problems.add(file + ": no {% snapshot name %} ... {% endsnapshot %} block");
                }
            }
        } catch (IOException e) {
            throw new WeftException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return blocks;
    }

    /** {@code text} with every character outside {@code [from, to)} but line breaks made a space. */
    private static String blankOutside(String text, int from, int to) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(i >= from && i < to || c == '\n' ? c : ' ');
        }
        return out.toString();
    }

    /** The engine would cut the name, so two models (or seeds) alike in what it keeps would share one table. */
    private static boolean tooLong(Dialect dialect, String file, String kind, String name, List<String> problems) {
        if (dialect.storedName(name).equals(name)) {
            return false;
        }
        problems.add(file + ": " + kind + " name '" + name + "' is longer than " + dialect.name() + " keeps ("
                + WarehouseNames.MAX_LENGTH + " bytes): it would become '" + dialect.storedName(name)
                + "', which another model could share; shorten the file name");
        return true;
    }

    public Path root() {
        return root;
    }

    /** Every model by name, sorted by name. */
    public Map<String, Model> models() {
        return models;
    }

    public Model model(String name) {
        Model m = models.get(name);
        if (m == null) {
            throw new WeftException("no model named '" + name + "' in " + MODELS_DIR + "/");
        }
        return m;
    }

    /** What the schema files say of a model, seed or snapshot: description and declared columns; empty when they say nothing. */
    public NodeDocs modelDocs(String model) {
        return docs.getOrDefault(NodeDocs.modelKey(model), NodeDocs.NONE);
    }

    /** What the schema files say of a source table ({@code source.table}). */
    public NodeDocs sourceDocs(String key) {
        return docs.getOrDefault(NodeDocs.sourceKey(key), NodeDocs.NONE);
    }

    /** Declared sources by {@code source.table}. */
    public Map<String, SourceTable> sources() {
        return sources;
    }

    public List<SchemaTest> tests() {
        return tests;
    }

    /** The column types a schema file declares for a seed ({@code config: {column_types: ...}}); empty: all inferred. */
    public Map<String, String> columnTypes(String seed) {
        return columnTypes.getOrDefault(seed, Map.of());
    }

    public ModelGraph graph() {
        return graph;
    }

    /** The compiler of the models, with the target and the vars they were compiled with. */
    ModelCompiler compiler() {
        return compiler;
    }

    public Dialect dialect() {
        return compiler.dialect();
    }

    /** The model's SQL as a run compiles it: with {@code is_incremental()} true on runs after the first. */
    public String compile(Model model, boolean incremental) {
        if (!incremental) {
            return model.sql();
        }
        ModelCompiler.Result r = compiler.compile(model.name(), model.file(), model.template(), models.keySet(), true);
        if (!r.problems().isEmpty()) {
            throw new WeftException(String.join("\n", r.problems()));
        }
        return r.sql();
    }

    /**
     * A model's {@code pre_hook} or {@code post_hook} statements rendered for one build ({@code is_incremental()}
     * answering {@code incremental}), as dbt renders hooks when they run; a hook rendering to nothing is left out.
     */
    public List<String> hooks(Model model, List<String> hooks, boolean incremental) {
        List<String> statements = new ArrayList<>();
        for (String hook : hooks) {
            ModelCompiler.Result r = compiler.compile(model.name(), model.file(), hook, models.keySet(), incremental);
            if (!r.problems().isEmpty()) {
                throw new WeftException(String.join("\n", r.problems()));
            }
            if (!r.sql().isBlank()) {
                statements.add(r.sql());
            }
        }
        return statements;
    }

    /** Writes each model's compiled SQL to {@code dir/<its path under the workspace>}. */
    public void writeCompiled(List<String> names, Path dir) {
        for (String name : names) {
            Model m = model(name);
            if (m.config().materialized() == ModelConfig.Materialization.SEED) {
                continue; // a seed is loaded from its CSV: there is no SQL to write
            }
            writeFile(dir.resolve(compiledPath(m)), m.sql());
        }
    }

    /** Where under a compiled folder a node's SQL goes: its file's path; a snapshot's by its name, as a file may hold several. */
    static String compiledPath(Model m) {
        return m.config().materialized() == ModelConfig.Materialization.SNAPSHOT ? SNAPSHOTS_DIR + "/" + m.name() + ".sql" : m.file();
    }

    /** Writes compiled SQL (with a final newline) to {@code file}, making its folders. */
    static void writeFile(Path file, String sql) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sql + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeftException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<ModelCompiler.MacroFile> readMacros(Path root) {
        Path dir = root.resolve(MACROS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ModelCompiler.MacroFile> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql")).sorted().toList()) {
                out.add(new ModelCompiler.MacroFile(relative(root, p), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new WeftException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** Runs {@code step}, adding the problem it throws to {@code problems}, so one bad entry hides no other. */
    private static void collect(List<String> problems, Runnable step) {
        try {
            step.run();
        } catch (WeftException e) {
            problems.add(e.getMessage());
        }
    }

    // dbt's properties files: any models/*.yml (or snapshots/*.yml) may declare sources:, models:, seeds: and snapshots:.
    private static void readYaml(YamlFile yaml, Map<String, SourceTable> sources, List<SchemaTest> tests,
                                 Map<String, List<String>> tags, Map<String, Map<String, String>> columnTypes,
                                 Map<String, NodeDocs> docs, List<SnapshotBlock> snapshots, List<Described> described,
                                 List<String> problems) {
        if (yaml.root().isEmpty()) {
            return;
        }
        collect(problems, () -> {
            Map<String, Node> top = yaml.mapping(yaml.root, "the file");
            yaml.unknownKeys(yaml.root, TOP_KEYS, "a properties file", problems);
            readYaml(yaml, top, sources, tests, tags, columnTypes, docs, snapshots, described, problems);
        });
    }

    private static void readYaml(YamlFile yaml, Map<String, Node> top, Map<String, SourceTable> sources,
                                 List<SchemaTest> tests, Map<String, List<String>> tags,
                                 Map<String, Map<String, String>> columnTypes, Map<String, NodeDocs> docs,
                                 List<SnapshotBlock> snapshots, List<Described> described, List<String> problems) {
        if (top.containsKey("sources")) {
            for (Node s : yaml.sequence(top.get("sources"), "sources")) {
                collect(problems, () -> readSource(yaml, s, sources, docs, problems));
            }
        }
        if (top.containsKey("models")) {
            for (Node m : yaml.sequence(top.get("models"), "models")) {
                collect(problems, () -> readModelTests(yaml, m, "models", tests, tags, docs, described, problems));
            }
        }
        if (top.containsKey("seeds")) { // dbt's seed properties: tags and tests as a model's, and column_types
            for (Node m : yaml.sequence(top.get("seeds"), "seeds")) {
                collect(problems, () -> readModelTests(yaml, m, "seeds", tests, tags, docs, described, problems));
                collect(problems, () -> readColumnTypes(yaml, m, columnTypes));
            }
        }
        // dbt's snapshot properties; an entry with a relation is a snapshot itself (dbt 1.9's YAML form)
        if (top.containsKey("snapshots")) {
            for (Node m : yaml.sequence(top.get("snapshots"), "snapshots")) {
                collect(problems, () -> readModelTests(yaml, m, "snapshots", tests, tags, docs, described, problems));
                collect(problems, () -> yamlSnapshot(yaml, m).ifPresent(snapshots::add));
            }
        }
    }

    /** A {@code models:}, {@code seeds:} or {@code snapshots:} entry of a properties file, checked once every node is known. */
    private record Described(String section, String name, String where) {
    }

    // dbt's properties (its YAML schema): any other key is a problem, so that a misspelling is not silently ignored.
    private static final Set<String> TOP_KEYS = Set.of("version", "models", "sources", "seeds", "snapshots", "macros",
            "exposures", "metrics", "semantic_models", "saved_queries", "analyses", "groups", "unit_tests");
    private static final Set<String> MODEL_KEYS = Set.of("name", "description", "docs", "config", "constraints", "meta",
            "tests", "data_tests", "columns", "versions", "latest_version", "deprecation_date", "access", "group", "tags",
            "time_spine");
    private static final Set<String> SEED_KEYS = Set.of("name", "description", "docs", "config", "meta", "tests",
            "data_tests", "columns", "group", "tags");
    private static final Set<String> SNAPSHOT_KEYS = Set.of("name", "description", "docs", "config", "meta", "tests",
            "data_tests", "columns", "group", "tags", "relation");
    private static final Set<String> COLUMN_KEYS = Set.of("name", "description", "meta", "quote", "tests", "data_tests",
            "tags", "data_type", "constraints", "docs", "config", "granularity", "policy_tags");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "description", "meta", "database", "schema", "loader",
            "loaded_at_field", "loaded_at_query", "quoting", "freshness", "tags", "tables", "config", "overrides");
    private static final Set<String> TABLE_KEYS = Set.of("name", "description", "meta", "identifier", "quoting",
            "loaded_at_field", "loaded_at_query", "freshness", "external", "tags", "columns", "tests", "data_tests", "config");

    /**
     * The checks of the properties entries that need every node: each names a node of its section's kind (a
     * {@code models:} entry a model, and so on), once.
     */
    private static void checkDescribed(List<Described> described, Map<String, Model> nodes, List<String> problems) {
        Map<String, Described> seen = new java.util.HashMap<>();
        for (Described d : described) {
            String what = d.section().substring(0, d.section().length() - 1);
            List<String> candidates = nodes.values().stream().filter(m -> Selection.resourceType(m).equals(what)).map(Model::name).toList();
            Described first = seen.putIfAbsent(d.name(), d);
            if (!candidates.contains(d.name())) {
                Model other = nodes.get(d.name());
                problems.add(d.where() + ": " + d.section() + ": '" + d.name() + "' is not a " + what + (other == null
                        ? Suggestions.didYouMean(d.name(), candidates)
                        : " (" + other.file() + " is a " + Selection.resourceType(other) + ": describe it under "
                        + Selection.resourceType(other) + "s:)"));
            } else if (first != null) {
                problems.add(d.where() + ": " + what + " '" + d.name() + "' is already described at " + first.where()
                        + " (one entry per " + what + ", as dbt requires)");
            }
        }
    }

    private static final java.util.regex.Pattern RELATION = java.util.regex.Pattern.compile(
            "(ref\\(\\s*(['\"])[^'\"]+\\2\\s*\\)|source\\(\\s*(['\"])[^'\"]+\\3\\s*,\\s*(['\"])[^'\"]+\\4\\s*\\))");
    private static final java.util.regex.Pattern CONFIG_KEY = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * dbt 1.9's snapshot in YAML, {@code - name: ..., relation: source('a', 'b'), config: {...}}: as the block
     * {@code {{ config(...) }} select * from {{ relation }}} would be (dbt's own reading), so every setting is checked
     * as a block's is; its template starts at the entry's line, so problems name the YAML's. Empty without a relation.
     */
    private static Optional<SnapshotBlock> yamlSnapshot(YamlFile yaml, Node node) {
        Map<String, Node> entry = yaml.mapping(node, "a snapshot");
        if (!entry.containsKey("relation")) {
            return Optional.empty();
        }
        String name = required(yaml, node, entry, "name");
        String relation = yaml.scalar(entry.get("relation"), "relation").strip();
        if (!RELATION.matcher(relation).matches()) {
            throw yaml.error(entry.get("relation"), "relation must be ref('<model>') or source('<source>', '<table>'), got '"
                    + relation + "'");
        }
        List<String> settings = new ArrayList<>();
        Map<String, Node> config = entry.containsKey("config") ? yaml.mapping(entry.get("config"), "config") : Map.of();
        for (Map.Entry<String, Node> e : config.entrySet()) {
            if (e.getKey().equals("tags")) {
                continue; // read with the entry's properties
            }
            if (e.getKey().equals("snapshot_meta_column_names")) {
                throw yaml.error(e.getValue(), "snapshot_meta_column_names is not supported: Weft's snapshots keep dbt's column names "
                        + Snapshots.META_COLUMNS);
            }
            if (!CONFIG_KEY.matcher(e.getKey()).matches()) {
                throw yaml.error(e.getValue(), "'" + e.getKey() + "' is no snapshot setting");
            }
            String value = e.getValue() instanceof org.yaml.snakeyaml.nodes.SequenceNode
                    ? yaml.sequence(e.getValue(), e.getKey()).stream().map(v -> literal(yaml.scalar(v, "an item of " + e.getKey())))
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"))
                    : literal(yaml.scalar(e.getValue(), e.getKey()));
            settings.add(e.getKey() + "=" + value);
        }
        int line = YamlLines.line(node);
        String template = "\n".repeat(line - 1) + "{{ config(" + String.join(", ", settings) + ") }} select * from {{ " + relation + " }}\n";
        return Optional.of(new SnapshotBlock(name, yaml.file, line, template));
    }

    /** A Jinja string literal of {@code text}. */
    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void readSource(YamlFile yaml, Node s, Map<String, SourceTable> sources, Map<String, NodeDocs> docs,
                                   List<String> problems) {
        Map<String, Node> source = yaml.mapping(s, "a source");
        String name = required(yaml, s, source, "name");
        yaml.unknownKeys(s, SOURCE_KEYS, "a source", problems);
        String schema = source.containsKey("schema") ? yaml.scalar(source.get("schema"), "schema") : null;
        String sourceDescription = description(yaml, source);
        Map<String, Node> sourceConfig = config(yaml, source);
        String loadedAt = loadedAtField(yaml, source, sourceConfig, null);
        Freshness freshness = freshness(yaml, source, sourceConfig, null);
        List<String> sourceTags = tags(yaml, source);
        if (!source.containsKey("tables")) {
            throw yaml.error(s, "source '" + name + "' has no tables:");
        }
        for (Node t : yaml.sequence(source.get("tables"), "tables")) {
            Map<String, Node> table = yaml.mapping(t, "a table");
            String tableName = required(yaml, t, table, "name");
            yaml.unknownKeys(t, TABLE_KEYS, "a source table", problems);
            sourceTests(yaml, table, problems);
            String identifier = table.containsKey("identifier")
                    ? yaml.scalar(table.get("identifier"), "identifier") : tableName;
            Map<String, Node> tableConfig = config(yaml, table);
            SourceTable st = new SourceTable(name, tableName, identifier, schema, loadedAtField(yaml, table, tableConfig, loadedAt),
                    freshness(yaml, table, tableConfig, freshness), yaml.file,
                    java.util.stream.Stream.concat(sourceTags.stream(), tags(yaml, table).stream()).distinct().toList());
            if (sources.putIfAbsent(st.key(), st) != null) {
                throw yaml.error(t, "source table " + st.key() + " is declared twice");
            }
            String tableDescription = description(yaml, table);
            docs.put(NodeDocs.sourceKey(st.key()), new NodeDocs(tableDescription != null ? tableDescription : sourceDescription,
                    columnDescriptions(yaml, table)));
        }
    }

    /**
     * Tests on a source table or its columns are a problem rather than ignored: Weft tests models, seeds and
     * snapshots (a model selecting from the source can carry them).
     */
    private static void sourceTests(YamlFile yaml, Map<String, Node> table, List<String> problems) {
        List<Node> lists = new ArrayList<>();
        lists.add(testsOf(table));
        if (table.containsKey("columns")) {
            for (Node c : yaml.sequence(table.get("columns"), "columns")) {
                yaml.unknownKeys(c, COLUMN_KEYS, "a column", problems);
                Map<String, Node> column = yaml.mapping(c, "a column");
                lists.add(testsOf(column));
            }
        }
        lists.stream().filter(java.util.Objects::nonNull).forEach(list -> problems.add(yaml.error(list,
                "tests on a source table are not supported: put them on a model that selects from it").getMessage()));
    }

    /** An entry's {@code config:} (dbt 1.9 moved freshness there, 1.10 loaded_at_field); empty when it has none. */
    private static Map<String, Node> config(YamlFile yaml, Map<String, Node> entry) {
        return entry.containsKey("config") ? yaml.mapping(entry.get("config"), "config") : Map.of();
    }

    /** The entry's {@code loaded_at_field} (as a property or in its config), else {@code inherited}. */
    private static String loadedAtField(YamlFile yaml, Map<String, Node> entry, Map<String, Node> config, String inherited) {
        Node query = config.containsKey("loaded_at_query") ? config.get("loaded_at_query") : entry.get("loaded_at_query");
        if (query != null) {
            throw yaml.error(query, "loaded_at_query is not supported: declare loaded_at_field, a column");
        }
        Node node = config.containsKey("loaded_at_field") ? config.get("loaded_at_field") : entry.get("loaded_at_field");
        return node == null ? inherited : yaml.scalar(node, "loaded_at_field");
    }

    /**
     * The entry's {@code freshness} (as a property or in its config): a table's replaces its source's, and
     * {@code freshness: null} turns the check off, as in dbt. Without one, {@code inherited}.
     */
    private static Freshness freshness(YamlFile yaml, Map<String, Node> entry, Map<String, Node> config, Freshness inherited) {
        Node node = config.containsKey("freshness") ? config.get("freshness") : entry.get("freshness");
        if (node == null) {
            return inherited;
        }
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && scalar.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL)) {
            return null;
        }
        Map<String, Node> block = yaml.mapping(node, "freshness");
        for (String key : block.keySet()) {
            if (!key.equals("warn_after") && !key.equals("error_after")) {
                throw yaml.error(block.get(key), "freshness: " + key + " is not supported (supported: warn_after, error_after)");
            }
        }
        Freshness f = new Freshness(after(yaml, block.get("warn_after")), after(yaml, block.get("error_after")));
        return f.warnAfter() == null && f.errorAfter() == null ? null : f; // dbt: neither set, nothing to check
    }

    private static java.time.Duration after(YamlFile yaml, Node node) {
        if (node == null) {
            return null;
        }
        Map<String, Node> after = yaml.mapping(node, "warn_after and error_after");
        if (!after.containsKey("count") || !after.containsKey("period")) {
            throw yaml.error(node, "needs count: and period:, e.g. {count: 12, period: hour}");
        }
        String count = yaml.scalar(after.get("count"), "count");
        if (!count.matches("\\d{1,9}") || Long.parseLong(count) == 0) {
            throw yaml.error(after.get("count"), "count must be a positive whole number, got " + count);
        }
        String period = yaml.scalar(after.get("period"), "period");
        java.time.Duration d = Freshness.after(Long.parseLong(count), period);
        if (d == null) {
            throw yaml.error(after.get("period"), "period must be minute, hour or day, got " + period);
        }
        return d;
    }

    private static void readColumnTypes(YamlFile yaml, Node s, Map<String, Map<String, String>> columnTypes) {
        Map<String, Node> seed = yaml.mapping(s, "a seed");
        String name = required(yaml, s, seed, "name");
        Node config = seed.get("config");
        Node types = config == null ? null : yaml.mapping(config, "config").get("column_types");
        if (types == null) {
            return;
        }
        Map<String, String> declared = new java.util.LinkedHashMap<>();
        yaml.mapping(types, "column_types").forEach((column, type) -> declared.put(column, yaml.scalar(type, "a column type")));
        if (columnTypes.putIfAbsent(name, declared) != null) {
            throw yaml.error(s, "column_types of seed '" + name + "' are declared twice");
        }
    }

    private static void readModelTests(YamlFile yaml, Node m, String section, List<SchemaTest> tests,
                                       Map<String, List<String>> tags, Map<String, NodeDocs> docs, List<Described> described,
                                       List<String> problems) {
        Map<String, Node> model = yaml.mapping(m, "a model");
        String modelName = required(yaml, m, model, "name");
        described.add(new Described(section, modelName, yaml.where(m)));
        yaml.unknownKeys(m, switch (section) {
            case "seeds" -> SEED_KEYS;
            case "snapshots" -> SNAPSHOT_KEYS;
            default -> MODEL_KEYS;
        }, "a " + section.substring(0, section.length() - 1), problems);
        Node modelTests = testsOf(model);
        if (modelTests != null) {
            problems.add(yaml.error(modelTests, "tests of a whole " + section.substring(0, section.length() - 1)
                    + " (dbt_utils' and custom tests) are not supported: Weft's tests (not_null, unique, accepted_values,"
                    + " relationships) go on a column").getMessage());
        }
        docs.put(NodeDocs.modelKey(modelName), new NodeDocs(description(yaml, model), columnDescriptions(yaml, model)));
        tags.computeIfAbsent(modelName, k -> new ArrayList<>()).addAll(tags(yaml, model));
        if (!model.containsKey("columns")) {
            return;
        }
        for (Node c : yaml.sequence(model.get("columns"), "columns")) {
            Map<String, Node> column = yaml.mapping(c, "a column");
            String columnName = required(yaml, c, column, "name");
            yaml.unknownKeys(c, COLUMN_KEYS, "a column", problems);
            Node list = testsOf(column);
            if (list != null) {
                List<String> columnTags = tags(yaml, column);
                for (Node t : yaml.sequence(list, "tests")) {
                    collect(problems, () -> tests.add(readTest(yaml, t, modelName, columnName, columnTags)));
                }
            }
        }
    }

    /** An entry's tests list, dbt's way: {@code data_tests:} (dbt 1.8) or else {@code tests:}; null without. */
    private static Node testsOf(Map<String, Node> entry) {
        return entry.containsKey("data_tests") ? entry.get("data_tests") : entry.get("tests");
    }

    /** An entry's tags, dbt's way: {@code tags:} or {@code config: {tags: ...}}, one name or a list; empty without. */
    private static List<String> tags(YamlFile yaml, Map<String, Node> entry) {
        Node n = entry.get("tags");
        if (n == null && entry.containsKey("config")) {
            n = yaml.mapping(entry.get("config"), "config").get("tags");
        }
        if (n == null) {
            return List.of();
        }
        return n instanceof org.yaml.snakeyaml.nodes.SequenceNode
                ? yaml.sequence(n, "tags").stream().map(t -> yaml.scalar(t, "a tag")).toList() : List.of(yaml.scalar(n, "tags"));
    }

    /** An entry's {@code description:}, or null. */
    private static String description(YamlFile yaml, Map<String, Node> entry) {
        return entry.containsKey("description") ? yaml.scalar(entry.get("description"), "description").strip() : null;
    }

    /** The columns an entry declares, in file order, each with its description (null without one). */
    private static Map<String, String> columnDescriptions(YamlFile yaml, Map<String, Node> entry) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (entry.containsKey("columns")) {
            for (Node c : yaml.sequence(entry.get("columns"), "columns")) {
                Map<String, Node> column = yaml.mapping(c, "a column");
                out.put(required(yaml, c, column, "name"), description(yaml, column));
            }
        }
        return out;
    }

    private static final List<String> TEST_TYPES = List.of("not_null", "unique", "accepted_values", "relationships");

    private static SchemaTest readTest(YamlFile yaml, Node node, String model, String column, List<String> columnTags) {
        int line = YamlLines.line(node);
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            String type = yaml.scalar(node, "a test");
            if (!type.equals("not_null") && !type.equals("unique")) {
                throw yaml.error(node, "test '" + type + "' is not one of not_null, unique, accepted_values, relationships"
                        + " (accepted_values and relationships need arguments)" + Suggestions.didYouMean(type, TEST_TYPES));
            }
            return new SchemaTest(type, model, column, List.of(), null, null, yaml.file, line, columnTags);
        }
        Map<String, Node> entry = yaml.mapping(node, "a test");
        if (entry.size() != 1) {
            throw yaml.error(node, "a test is one name with its arguments, e.g. accepted_values: {values: [a, b]}");
        }
        String type = entry.keySet().iterator().next();
        Node argsNode = entry.get(type);
        if (!TEST_TYPES.contains(type)) {
            throw yaml.error(node, "test '" + type + "' is not one of " + String.join(", ", TEST_TYPES)
                    + Suggestions.didYouMean(type, TEST_TYPES));
        }
        Map<String, Node> args = yaml.mapping(argsNode, type);
        checkTestKeys(yaml, type, argsNode, args);
        // the test's own tags (tags: or config: {tags: ...}) beside its column's
        List<String> tags = new ArrayList<>(columnTags);
        tags.addAll(tags(yaml, args));
        if (args.containsKey("arguments")) { // dbt 1.10 nests arguments one level down
            args = yaml.mapping(args.get("arguments"), "arguments");
        }
        switch (type) {
            case "not_null", "unique" -> {
                return new SchemaTest(type, model, column, List.of(), null, null, yaml.file, line, tags);
            }
            case "accepted_values" -> {
                if (!args.containsKey("values")) {
                    throw yaml.error(argsNode, "accepted_values needs values: [...]");
                }
                List<String> values = yaml.sequence(args.get("values"), "values").stream()
                        .map(v -> yaml.scalar(v, "a value")).toList();
                if (values.isEmpty()) {
                    throw yaml.error(argsNode, "accepted_values needs at least one value");
                }
                return new SchemaTest(type, model, column, values, null, null, yaml.file, line, tags);
            }
            case "relationships" -> {
                if (!args.containsKey("to") || !args.containsKey("field")) {
                    throw yaml.error(argsNode, "relationships needs to: ref('model') and field: column");
                }
                String to = yaml.scalar(args.get("to"), "to");
                java.util.regex.Matcher ref = java.util.regex.Pattern
                        .compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*").matcher(to);
                if (!ref.matches()) {
                    throw yaml.error(args.get("to"), "relationships to: must be ref('model'), got " + to);
                }
                return new SchemaTest(type, model, column, List.of(), ref.group(1),
                        yaml.scalar(args.get("field"), "field"), yaml.file, line, tags);
            }
            default -> throw new IllegalStateException("a test type checked above: " + type);
        }
    }

    /**
     * A test's keys: its arguments (at its top or under dbt 1.10's {@code arguments:}) and the properties dbt gives
     * every test. A setting Weft does not apply ({@code severity}, {@code where}, ...) is an error rather than a test
     * that silently behaves otherwise than in dbt.
     */
    private static void checkTestKeys(YamlFile yaml, String type, Node argsNode, Map<String, Node> args) {
        List<String> arguments = switch (type) {
            case "accepted_values" -> List.of("values", "quote");
            case "relationships" -> List.of("to", "field");
            default -> List.of();
        };
        List<String> allowed = new ArrayList<>(List.of("tags", "config", "arguments", "name", "description", "meta"));
        allowed.addAll(arguments);
        for (Map.Entry<String, Node> e : args.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw yaml.error(argsNode, "'" + e.getKey() + "' is not an argument or setting of " + type + " that Weft applies"
                        + " (" + String.join(", ", allowed) + ")" + Suggestions.didYouMean(e.getKey(), allowed));
            }
        }
        if (args.containsKey("arguments")) {
            for (String key : yaml.mapping(args.get("arguments"), "arguments").keySet()) {
                if (!arguments.contains(key)) {
                    throw yaml.error(args.get("arguments"), "'" + key + "' is not an argument of " + type
                            + (arguments.isEmpty() ? ", which takes none" : " (" + String.join(", ", arguments) + ")"));
                }
            }
        }
        if (args.containsKey("config")) {
            for (String key : yaml.mapping(args.get("config"), "config").keySet()) {
                if (!key.equals("tags")) {
                    throw yaml.error(args.get("config"), "config: " + key + " is not supported for a test (supported: tags);"
                            + " a failing test is an error");
                }
            }
        }
    }

    private static String required(YamlFile yaml, Node node, Map<String, Node> map, String key) {
        if (!map.containsKey(key)) {
            throw yaml.error(node, "missing " + key + ":");
        }
        return yaml.scalar(map.get(key), key);
    }
}
