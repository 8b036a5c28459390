package dev.weft.models;

import dev.weft.WeftException;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which models, sources and schema tests a command works on, in dbt's node selection syntax and with
 * dbt's meaning. Each argument of {@code select} (or {@code exclude}) is a union term; commas inside one
 * intersect ({@code tag:nightly,staging.*}). An atom is {@code [@][n+]method:value[+n]}: the method
 * ({@code fqn} when omitted, {@code path} when the value looks like one, {@code file} for {@code x.sql})
 * picks nodes, {@code +} adds ancestors (before) or descendants (after), {@code n} limits the depth, and
 * {@code @} adds descendants and every ancestor of those. {@code exclude} is removed afterwards. No
 * {@code select} selects everything. Each atom's nodes bring the tests that test them (dbt's eager indirect
 * selection), before commas intersect. An atom that matches nothing is a warning, as in dbt; an unknown method
 * is an error.
 */
public record Selection(List<String> select, List<String> exclude, String stateRef) {

    public static final Selection ALL = new Selection(List.of(), List.of());

    /** A selection whose {@code state:} selectors compare with the last successful run's state. */
    public Selection(List<String> select, List<String> exclude) {
        this(select, exclude, null);
    }

    // dbt's own grammar (dbt.graph.selector_spec.RAW_SELECTOR_PATTERN)
    private static final Pattern ATOM = Pattern.compile(
            "\\A(?<at>@)?(?:(?<parentsDepth>\\d*)(?<parents>\\+))?(?:(?<method>[\\w.]+):)?(?<value>.*?)(?<children>\\+(?<childrenDepth>\\d*))?\\z");
    private static final List<String> METHODS = List.of("fqn", "path", "file", "tag", "source", "resource_type",
            "config.<key>", "test_type", "test_name", "state");

    public Selection {
        select = split(select);
        exclude = split(exclude);
    }

    public static Selection of(String... select) {
        return new Selection(List.of(select), List.of());
    }

    public static Selection excluding(String... exclude) {
        return new Selection(List.of(), List.of(exclude));
    }

    /**
     * What a selection picked: models in run order, their schema tests, the sources named, and one warning per
     * atom that matched nothing.
     */
    public record Selected(List<String> models, List<SchemaTest> tests, List<String> sources, List<String> warnings) {
    }

    /**
     * Everything the selection picks; {@code state} is the last successful run's, for {@code state:} selectors,
     * unless {@code stateRef} names the git commit to compare with instead.
     */
    public Selected select(ModelProject project, ModelState state) {
        boolean usesState = java.util.stream.Stream.concat(select.stream(), exclude.stream())
                .anyMatch(t -> t.matches("(?s)(.*[,+@])?state:.*"));
        Graph g = new Graph(project, stateRef != null && usesState ? ModelState.atGitRef(project, stateRef) : state);
        List<String> warnings = new ArrayList<>();
        Set<String> chosen = select.isEmpty() ? new LinkedHashSet<>(g.nodes.keySet()) : g.union(select, warnings);
        chosen.removeAll(g.union(exclude, warnings));
        List<String> models = project.graph().ordered(names(chosen, Graph.MODEL));
        List<SchemaTest> tests = project.tests().stream().filter(t -> chosen.contains(Graph.TEST + t.name())).toList();
        List<String> sources = List.copyOf(names(chosen, Graph.SOURCE));
        return new Selected(models, tests, sources, List.copyOf(warnings));
    }

    /** dbt's resource type of a node of the models' namespace: {@code model}, {@code seed} or {@code snapshot}. */
    static String resourceType(Model m) {
        return switch (m.config().materialized()) {
            case SEED -> "seed";
            case SNAPSHOT -> "snapshot";
            default -> "model";
        };
    }

    private static Set<String> names(Set<String> ids, String prefix) {
        Set<String> out = new TreeSet<>();
        ids.stream().filter(id -> id.startsWith(prefix)).forEach(id -> out.add(id.substring(prefix.length())));
        return out;
    }

    /** dbt's graph of selectable nodes: models, source tables and schema tests, each with its parents. */
    private static final class Graph {
        static final String MODEL = "model:";
        static final String SOURCE = "source:";
        static final String TEST = "test:";

        final ModelProject project;
        final ModelState state;
        final Map<String, Object> nodes = new java.util.LinkedHashMap<>();
        final Map<String, Set<String>> parents = new HashMap<>();
        final Map<String, Set<String>> children = new HashMap<>();

        Graph(ModelProject project, ModelState state) {
            this.project = project;
            this.state = state;
            project.sources().forEach((key, s) -> nodes.put(SOURCE + key, s));
            for (Model m : project.models().values()) {
                nodes.put(MODEL + m.name(), m);
                m.refs().forEach(r -> edge(MODEL + r, MODEL + m.name()));
                m.sources().forEach(s -> edge(SOURCE + s, MODEL + m.name()));
            }
            for (SchemaTest t : project.tests()) {
                nodes.put(TEST + t.name(), t);
                edge(MODEL + t.model(), TEST + t.name());
                if (t.toModel() != null) {
                    edge(MODEL + t.toModel(), TEST + t.name());
                }
            }
        }

        private void edge(String parent, String child) {
            parents.computeIfAbsent(child, k -> new TreeSet<>()).add(parent);
            children.computeIfAbsent(parent, k -> new TreeSet<>()).add(child);
        }

        Set<String> testsOf(Set<String> ids) {
            Set<String> out = new LinkedHashSet<>();
            for (String id : ids) {
                for (String c : children.getOrDefault(id, Set.of())) {
                    if (c.startsWith(TEST)) {
                        out.add(c);
                    }
                }
            }
            return out;
        }

        Set<String> union(List<String> terms, List<String> warnings) {
            Set<String> out = new LinkedHashSet<>();
            for (String term : terms) {
                Set<String> intersection = null;
                for (String atom : term.split(",", -1)) {
                    Set<String> matched = atom(atom, warnings);
                    // dbt's eager indirect selection, criterion by criterion (before intersecting, so that
                    // "orders,test_type:generic" is the tests of orders): a test comes with any node it tests
                    matched.addAll(testsOf(matched));
                    if (intersection == null) {
                        intersection = matched;
                    } else {
                        intersection.retainAll(matched);
                    }
                }
                out.addAll(intersection);
            }
            return out;
        }

        private Set<String> atom(String atom, List<String> warnings) {
            Matcher m = ATOM.matcher(atom);
            if (atom.isBlank() || !m.matches() || m.group("value").isEmpty()) {
                throw new WeftException("selector '" + atom + "' is not [@][n+]method:value[+n]");
            }
            if (m.group("at") != null && m.group("parents") != null) {
                throw new WeftException("selector '" + atom + "': @ and a leading + cannot be used together");
            }
            String method = m.group("method");
            String value = m.group("value");
            Set<String> roots = new LinkedHashSet<>();
            Predicate<Object> match = matcher(method == null ? defaultMethod(value) : method, value, atom);
            nodes.forEach((id, node) -> {
                if (match.test(node)) {
                    roots.add(id);
                }
            });
            if (roots.isEmpty()) {
                warnings.add("the selection criterion '" + atom + "' does not match any node");
            }
            Set<String> out = new LinkedHashSet<>(roots);
            if (m.group("at") != null) {
                Set<String> descendants = reach(roots, children, Integer.MAX_VALUE);
                descendants.addAll(roots);
                out.addAll(descendants);
                out.addAll(reach(descendants, parents, Integer.MAX_VALUE));
                return out;
            }
            if (m.group("parents") != null) {
                out.addAll(reach(roots, parents, depth(m.group("parentsDepth"))));
            }
            if (m.group("children") != null) {
                out.addAll(reach(roots, children, depth(m.group("childrenDepth"))));
            }
            return out;
        }

        private static int depth(String digits) {
            return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
        }

        /** The nodes within {@code depth} edges of {@code start} along {@code edges} (not {@code start} itself, unless on a path). */
        private static Set<String> reach(Set<String> start, Map<String, Set<String>> edges, int depth) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> frontier = new ArrayDeque<>(start);
            for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
                Deque<String> next = new ArrayDeque<>();
                for (String id : frontier) {
                    for (String e : edges.getOrDefault(id, Set.of())) {
                        if (seen.add(e)) {
                            next.add(e);
                        }
                    }
                }
                frontier = next;
            }
            return seen;
        }

        // dbt's SelectionCriteria.default_method: a path when it has a separator or exists, a file for x.sql, else fqn
        private String defaultMethod(String value) {
            if (value.contains("/") || value.contains("\\") || Files.exists(project.root().resolve(value))) {
                return "path";
            }
            return value.toLowerCase(java.util.Locale.ROOT).endsWith(".sql") ? "file" : "fqn";
        }

        private Predicate<Object> matcher(String method, String value, String atom) {
            if (method.startsWith("config.")) {
                String key = method.substring("config.".length());
                return node -> node instanceof Model m && config(m, key).map(v -> v.contains(value)).orElse(false);
            }
            return switch (method) {
                case "fqn" -> node -> node instanceof Model m && fqnMatches(fqn(m), value);
                case "path" -> path(value);
                case "file" -> {
                    Pattern glob = glob(value);
                    yield node -> node instanceof Model m && (glob.matcher(fileName(m.file())).matches()
                            || glob.matcher(m.name()).matches());
                }
                case "tag" -> {
                    Pattern glob = glob(value);
                    Predicate<List<String>> any = tags -> tags.stream().anyMatch(t -> glob.matcher(t).matches());
                    yield node -> node instanceof Model m ? any.test(m.config().tags())
                            : node instanceof SchemaTest t ? any.test(t.tags()) : node instanceof SourceTable st && any.test(st.tags());
                }
                case "source" -> source(value, atom);
                case "resource_type" -> switch (value) {
                    case "model" -> node -> node instanceof Model m && m.config().materialized() != ModelConfig.Materialization.SEED
                            && m.config().materialized() != ModelConfig.Materialization.SNAPSHOT;
                    case "seed" -> node -> node instanceof Model m && m.config().materialized() == ModelConfig.Materialization.SEED;
                    case "snapshot" -> node -> node instanceof Model m && m.config().materialized() == ModelConfig.Materialization.SNAPSHOT;
                    case "source" -> node -> node instanceof SourceTable;
                    case "test" -> node -> node instanceof SchemaTest;
                    default -> throw new WeftException("selector '" + atom + "': resource_type is one of model, seed, snapshot, source, test");
                };
                // dbt 1.8: data tests are generic or singular, beside unit tests; Weft's are all generic data tests
                case "test_type" -> switch (value) {
                    case "generic", "schema", "data" -> node -> node instanceof SchemaTest;
                    case "singular", "unit" -> node -> false;
                    default -> throw new WeftException("selector '" + atom + "': test_type is generic, singular, data or unit");
                };
                case "test_name" -> {
                    Pattern glob = glob(value);
                    yield node -> node instanceof SchemaTest t && glob.matcher(t.type()).matches();
                }
                case "state" -> {
                    if (state == null) {
                        throw new WeftException("selector '" + atom + "': no successful run has recorded the models' state yet ("
                                + ModelState.FILE + " under .weft/); run the models once first, or compare with a git commit (--state-ref main)");
                    }
                    yield node -> node instanceof Model m ? state.matches(value, m) : node instanceof SchemaTest t && state.matches(value, t);
                }
                default -> throw new WeftException("selector '" + atom + "': unknown selector method '" + method
                        + "'; the methods are " + String.join(", ", METHODS));
            };
        }

        /** A model's config value as text (a list for unique_key and tags), as config.KEY selectors compare it. */
        private static Optional<List<String>> config(Model m, String key) {
            return switch (key) {
                case "materialized" -> Optional.of(List.of(m.config().materialized().label()));
                case "unique_key" -> Optional.of(m.config().uniqueKey());
                case "tags" -> Optional.of(m.config().tags());
                default -> Optional.empty();
            };
        }

        /** The folders under models/ and the name: dbt's fqn without the project name ({@code staging.stg_orders}). */
        private static List<String> fqn(Model m) {
            List<String> parts = new ArrayList<>(Arrays.asList(m.file().split("/")));
            parts.remove(0); // models/
            parts.set(parts.size() - 1, m.name());
            return parts;
        }

        // dbt's is_selected_node: the name itself, or the fqn's leading parts, with a glob matching the rest
        private static boolean fqnMatches(List<String> fqn, String selector) {
            if (fqn.get(fqn.size() - 1).equals(selector)) {
                return true;
            }
            String[] parts = selector.split("\\.", -1);
            if (parts.length > fqn.size()) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].matches(".*[*?\\[\\]].*")) {
                    String rest = String.join(".", fqn.subList(i, fqn.size()));
                    return glob(String.join(".", Arrays.asList(parts).subList(i, parts.length))).matcher(rest).matches();
                }
                if (!fqn.get(i).equals(parts[i])) {
                    return false;
                }
            }
            return true;
        }

        // dbt globs the path under the project root, then takes nodes whose file or any folder above it matched
        private Predicate<Object> path(String value) {
            String pattern = value.replaceAll("/+$", "");
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            Predicate<String> matches = file -> {
                for (Path p = Path.of(file); p != null; p = p.getParent()) {
                    if (glob.matches(p)) {
                        return true;
                    }
                }
                return false;
            };
            return node -> node instanceof Model m ? matches.test(m.file())
                    : node instanceof SourceTable s ? s.file() != null && matches.test(s.file())
                    : node instanceof SchemaTest t && matches.test(t.file());
        }

        private static Predicate<Object> source(String value, String atom) {
            String[] parts = value.split("\\.", -1);
            if (parts.length > 2) {
                throw new WeftException("selector '" + atom + "': a source is source:NAME or source:NAME.TABLE");
            }
            Pattern source = glob(parts[0]);
            Pattern table = glob(parts.length == 2 ? parts[1] : "*");
            return node -> node instanceof SourceTable s && source.matcher(s.source()).matches() && table.matcher(s.name()).matches();
        }

        private static String fileName(String file) {
            return file.substring(file.lastIndexOf('/') + 1);
        }
    }

    /** A Unix shell pattern as Python's fnmatch reads it: {@code *}, {@code ?}, {@code [abc]}, {@code [!a-z]}. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '[' ? pattern.indexOf(']', i + 2) : -1;
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (close > 0) {
                String set = pattern.substring(i + 1, close);
                re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<String> split(List<String> terms) {
        return terms == null ? List.of() : terms.stream()
                .flatMap(t -> Arrays.stream(t.trim().split("\\s+"))).filter(t -> !t.isBlank()).toList();
    }

    @Override
    public String toString() {
        String s = select.isEmpty() ? "all" : String.join(" ", select);
        s = exclude.isEmpty() ? s : s + " --exclude " + String.join(" ", exclude);
        return stateRef == null ? s : s + " --state-ref " + stateRef;
    }
}
