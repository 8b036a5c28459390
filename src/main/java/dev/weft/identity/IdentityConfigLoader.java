package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.definitions.YamlLines;
import dev.weft.identity.IdentityConfig.EdgeSource;
import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.identity.IdentityConfig.NormalizeStep;
import dev.weft.phones.PhoneCountry;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads {@code identity-graph/*.yml} (files merged in name order) into an {@link IdentityConfig}.
 * Every error names the file, the line and the key, because these files are edited by hand.
 */
public final class IdentityConfigLoader {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Phones written without a country code are read as US numbers unless a type says otherwise. */
    private static final PhoneCountry US = PhoneCountry.ofRegion("US").orElseThrow();
    static final Set<String> BUILT_IN = Set.of("anonymous_id", "device_id", "user_id", "email", "phone");
    private static final Set<String> TOP_KEYS = Set.of("identifier_types", "sources", "priority", "default_blocklist");
    private static final Set<String> TYPE_KEYS = Set.of("normalize", "blocklist", "junk", "limit", "max_links", "default_country",
            "default_country_code");
    /**
     * Degree caps of the built-in types, per neighbour type, applied where both types are configured and the
     * type's {@code max_links} does not set that pair (a number replaces the default, {@code off} removes it).
     * An identifier linked to more distinct identifiers of the neighbour type than its cap is a hub (a kiosk,
     * a shared cookie, a family email) and is quarantined. Generous for one person, far below a shared device.
     */
    static final Map<String, Map<String, Integer>> DEFAULT_MAX_LINKS = Map.of(
            "anonymous_id", Map.of("user_id", 5, "email", 5, "phone", 5, "device_id", 5),
            "device_id", Map.of("anonymous_id", 50, "user_id", 20, "email", 20, "phone", 20),
            "user_id", Map.of("email", 20, "phone", 20, "device_id", 100),
            "email", Map.of("user_id", 20, "phone", 20),
            "phone", Map.of("user_id", 20, "email", 20));
    /** A {@code max_links} entry written {@code off}: the pair has no cap, not even the default. */
    private static final int NO_CAP = 0;
    private static final Set<String> SOURCE_KEYS = Set.of("name", "model", "table", "row_key", "timestamp", "identifiers", "lookback");

    private IdentityConfigLoader() {
    }

    /**
     * Loads every {@code *.yml}/{@code *.yaml} file in the folder, and checks every configured pattern in
     * {@code warehouse}: its engine may refuse a pattern Java accepts, and that must stop here with the file
     * and line, not halfway through a run.
     */
    public static IdentityConfig load(Path dir, Warehouse warehouse) {
        if (!Files.isDirectory(dir)) {
            throw new WeftException(dir + ": no identity-graph folder (create it with an identity.yml)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new WeftException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new WeftException(dir + ": no *.yml file");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                texts.put(dir.getFileName() + "/" + f.getFileName(), Files.readString(f));
            } catch (IOException e) {
                throw new WeftException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        Builder b = read(texts);
        IdentityConfig config = b.build();
        checkPatterns(b.patterns, warehouse);
        return config;
    }

    /** Parses file texts keyed by the file name to report (patterns are checked by Java's rules only). */
    public static IdentityConfig parse(Map<String, String> files) {
        return read(files).build();
    }

    private static Builder read(Map<String, String> files) {
        Builder b = new Builder();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Node root;
            try (Reader r = new StringReader(f.getValue())) {
                root = YamlLines.compose(r);
            } catch (Exception e) {
                throw new WeftException(f.getKey() + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
            }
            if (root != null) {
                new FileReader(f.getKey(), b).read(root);
            }
        }
        return b;
    }

    /**
     * One statement checks every pattern; only when it fails is each checked alone, to name the bad one. A
     * failure that a plainly valid pattern shares (the warehouse is down) is not blamed on a pattern.
     */
    static void checkPatterns(List<PatternSite> patterns, Warehouse warehouse) {
        if (patterns.isEmpty()) {
            return;
        }
        try {
            compile(warehouse, patterns);
            return;
        } catch (WeftException all) {
            try {
                compile(warehouse, List.of(new PatternSite("control", "a", false)));
            } catch (WeftException down) {
                throw all;
            }
            for (PatternSite p : patterns) {
                try {
                    compile(warehouse, List.of(p));
                } catch (WeftException e) {
                    Throwable engine = e.getCause() != null ? e.getCause() : e;
                    throw new WeftException(p.where() + ": '" + p.pattern() + "' is not a regular expression "
                            + warehouse.dialect().name() + " accepts: " + engine.getMessage().lines().findFirst().orElse("").strip());
                }
            }
            throw all;
        }
    }

    private static void compile(Warehouse warehouse, List<PatternSite> patterns) {
        String sql = SqlTemplates.render(warehouse.dialect(), "identity/check_patterns.sql",
                Map.of("replacements", patterns.stream().map(PatternSite::replacement).toList()));
        warehouse.query(sql, patterns.stream().map(PatternSite::pattern).toList(), row -> { });
    }

    /** A configured pattern, where it is written, and whether a regex_replace (else a blocklist test) uses it. */
    record PatternSite(String where, String pattern, boolean replacement) {
    }

    private static final class Builder {
        final Map<String, IdType> types = new LinkedHashMap<>();
        final Map<String, String> typeWhere = new LinkedHashMap<>();
        final List<EdgeSource> sources = new ArrayList<>();
        final List<String> sourceWhere = new ArrayList<>();
        final List<String> priority = new ArrayList<>();
        final List<PatternSite> patterns = new ArrayList<>();
        String priorityWhere;
        boolean defaults = true;

        IdentityConfig build() {
            if (types.isEmpty()) {
                throw new WeftException("identity-graph: no identifier_types configured");
            }
            if (sources.isEmpty()) {
                throw new WeftException("identity-graph: no sources configured");
            }
            for (int i = 0; i < sources.size(); i++) {
                for (String t : sources.get(i).identifiers().keySet()) {
                    if (!types.containsKey(t)) {
                        throw new WeftException(sourceWhere.get(i) + ".identifiers." + t + ": not a configured identifier type "
                                + types.keySet());
                    }
                }
            }
            for (String p : priority) {
                if (!types.containsKey(p)) {
                    throw new WeftException(priorityWhere + ": '" + p + "' is not an identifier type " + types.keySet());
                }
            }
            for (Map.Entry<String, IdType> t : types.entrySet()) {
                for (String n : t.getValue().maxLinks().keySet()) {
                    if (!types.containsKey(n)) {
                        throw new WeftException(typeWhere.get(t.getKey()) + ".max_links." + n + ": not an identifier type " + types.keySet());
                    }
                }
            }
            List<IdType> finalTypes = new ArrayList<>();
            for (IdType t : types.values()) {
                // default_blocklist: false switches every built-in rule off, for every type.
                List<String> junk = defaults ? t.junkRules() : List.of();
                finalTypes.add(new IdType(t.name(), t.normalize(), junk, t.blockedValues().stream().distinct().toList(),
                        t.blockedPatterns().stream().distinct().toList(), t.limit(), maxLinks(t)));
            }
            return new IdentityConfig(finalTypes, List.copyOf(sources), List.copyOf(priority));
        }

        /** The type's caps: the defaults for the configured neighbour types, then its own {@code max_links}. */
        private Map<String, Integer> maxLinks(IdType t) {
            Map<String, Integer> caps = new java.util.TreeMap<>();
            DEFAULT_MAX_LINKS.getOrDefault(t.name(), Map.of()).forEach((n, cap) -> {
                if (types.containsKey(n)) {
                    caps.put(n, cap);
                }
            });
            caps.putAll(t.maxLinks());
            caps.values().removeIf(cap -> cap == NO_CAP);
            return java.util.Collections.unmodifiableMap(caps);
        }
    }

    private record FileReader(String file, Builder b) {

        void read(Node root) {
            MappingNode top = mapping(root, "(top level)");
            for (NodeTuple t : top.getValue()) {
                String key = scalarKey(t);
                switch (key) {
                    case "identifier_types" -> readTypes(mapping(t.getValueNode(), key));
                    case "sources" -> readSources(sequence(t.getValueNode(), key));
                    case "priority" -> {
                        b.priorityWhere = where(t.getValueNode(), "priority");
                        b.priority.addAll(strings(t.getValueNode(), "priority"));
                    }
                    case "default_blocklist" -> b.defaults = bool(t.getValueNode(), key);
                    default -> throw error(t.getKeyNode(), key, "unknown key; expected one of " + sorted(TOP_KEYS));
                }
            }
        }

        void readTypes(MappingNode types) {
            for (NodeTuple t : types.getValue()) {
                String name = scalarKey(t);
                String path = "identifier_types." + name;
                if (!NAME.matcher(name).matches()) {
                    throw error(t.getKeyNode(), path, "type names are lower-case letters, digits and _ (they name columns)");
                }
                if (b.types.containsKey(name)) {
                    throw error(t.getKeyNode(), path, "defined twice (first at " + b.typeWhere.get(name) + ")");
                }
                List<NormalizeStep> steps = new ArrayList<>(defaultSteps(name));
                List<String> values = new ArrayList<>();
                List<String> patterns = new ArrayList<>();
                List<String> junk = new ArrayList<>(JunkRule.labels());
                int limit = 0;
                Map<String, Integer> maxLinks = new LinkedHashMap<>();
                PhoneCountry country = US;
                boolean countrySet = false;
                Node normalizeNode = null;
                if (!(t.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty())) {
                    for (NodeTuple p : mapping(t.getValueNode(), path).getValue()) {
                        String key = scalarKey(p);
                        String kp = path + "." + key;
                        switch (key) {
                            case "normalize" -> normalizeNode = p.getValueNode();
                            case "default_country", "default_country_code" -> {
                                if (countrySet) {
                                    throw error(p.getKeyNode(), kp, "give default_country or default_country_code, not both");
                                }
                                countrySet = true;
                                String value = scalar(p.getValueNode(), kp);
                                country = (key.equals("default_country") ? PhoneCountry.ofRegion(value) : PhoneCountry.ofCallingCode(value))
                                        .orElseThrow(() -> error(p.getValueNode(), kp, key.equals("default_country")
                                                ? "an ISO 3166-1 alpha-2 country code, such as US or GB, got '" + value + "'"
                                                : "a country calling code without '+', such as 1 or 44, got '" + value + "'"));
                            }
                            case "limit" -> limit = positiveInt(p.getValueNode(), kp);
                            case "max_links" -> {
                                for (NodeTuple m : mapping(p.getValueNode(), kp).getValue()) {
                                    String mk = kp + "." + scalarKey(m);
                                    String cap = scalar(m.getValueNode(), mk);
                                    if (!cap.equals("off") && !cap.matches("[1-9][0-9]{0,8}")) {
                                        throw error(m.getValueNode(), mk, "expected a positive whole number or off, got '" + cap + "'");
                                    }
                                    maxLinks.put(scalarKey(m), cap.equals("off") ? NO_CAP : Integer.parseInt(cap));
                                }
                            }
                            case "junk" -> junk.removeAll(junkOff(p.getValueNode(), kp));
                            case "blocklist" -> {
                                for (NodeTuple m : mapping(p.getValueNode(), kp).getValue()) {
                                    String bk = scalarKey(m);
                                    if (bk.equals("values")) {
                                        values.addAll(strings(m.getValueNode(), kp + ".values"));
                                    } else if (bk.equals("patterns")) {
                                        SequenceNode seq = sequence(m.getValueNode(), kp + ".patterns");
                                        for (int i = 0; i < seq.getValue().size(); i++) {
                                            Node n = seq.getValue().get(i);
                                            String re = scalar(n, kp + ".patterns[" + i + "]");
                                            checkRegex(n, kp + ".patterns[" + i + "]", re, false);
                                            patterns.add(re);
                                        }
                                    } else {
                                        throw error(m.getKeyNode(), kp + "." + bk, "unknown key; expected values or patterns");
                                    }
                                }
                            }
                            default -> throw error(p.getKeyNode(), kp, "unknown key; expected one of " + sorted(TYPE_KEYS));
                        }
                    }
                }
                if (normalizeNode != null) {
                    steps = readSteps(normalizeNode, path + ".normalize", country);
                } else if (name.equals("phone")) {
                    steps = List.of(new NormalizeStep("phone", null, null, country));
                }
                if (steps.isEmpty() && !BUILT_IN.contains(name) && normalizeNode == null) {
                    steps = List.of(new NormalizeStep("trim", null, null, null));
                }
                b.types.put(name, new IdType(name, List.copyOf(steps), List.copyOf(junk), values, patterns, limit, maxLinks));
                b.typeWhere.put(name, where(t.getKeyNode(), path));
            }
        }

        /** {@code junk: {off: [rule, ...]}} or {@code junk: {off: all}}: the built-in rules a type does not apply. */
        List<String> junkOff(Node node, String path) {
            List<String> off = new ArrayList<>();
            for (NodeTuple m : mapping(node, path).getValue()) {
                String key = scalarKey(m);
                if (!key.equals("off")) {
                    throw error(m.getKeyNode(), path + "." + key, "unknown key; expected off (a list of built-in rules, or all)");
                }
                if (m.getValueNode() instanceof ScalarNode s && s.getValue().equals("all")) {
                    return JunkRule.labels();
                }
                SequenceNode seq = sequence(m.getValueNode(), path + ".off");
                for (int i = 0; i < seq.getValue().size(); i++) {
                    String rule = scalar(seq.getValue().get(i), path + ".off[" + i + "]");
                    if (JunkRule.byLabel(rule).isEmpty()) {
                        throw error(seq.getValue().get(i), path + ".off[" + i + "]", "'" + rule + "' is not a built-in junk rule "
                                + JunkRule.labels());
                    }
                    off.add(rule);
                }
            }
            return off;
        }

        static List<NormalizeStep> defaultSteps(String type) {
            return switch (type) {
                case "email" -> List.of(new NormalizeStep("email", null, null, null));
                case "phone" -> List.of(new NormalizeStep("phone", null, null, US));
                default -> List.of(new NormalizeStep("trim", null, null, null));
            };
        }

        List<NormalizeStep> readSteps(Node node, String path, PhoneCountry country) {
            List<Node> items = node instanceof SequenceNode s ? s.getValue() : List.of(node);
            List<NormalizeStep> steps = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Node n = items.get(i);
                String p = node instanceof SequenceNode ? path + "[" + i + "]" : path;
                if (n instanceof ScalarNode s) {
                    String kind = s.getValue();
                    if (!Set.of("lower", "upper", "trim", "email", "phone").contains(kind)) {
                        throw error(n, p, "unknown normalization '" + kind + "'; expected lower, upper, trim, email, phone or {regex_replace: {pattern, replacement}}");
                    }
                    steps.add(new NormalizeStep(kind, null, null, kind.equals("phone") ? country : null));
                } else {
                    MappingNode m = mapping(n, p);
                    if (m.getValue().size() != 1 || !scalarKey(m.getValue().get(0)).equals("regex_replace")) {
                        throw error(n, p, "expected regex_replace: {pattern: ..., replacement: ...}");
                    }
                    String pattern = null;
                    String replacement = "";
                    for (NodeTuple r : mapping(m.getValue().get(0).getValueNode(), p + ".regex_replace").getValue()) {
                        String k = scalarKey(r);
                        if (k.equals("pattern")) {
                            pattern = scalar(r.getValueNode(), p + ".regex_replace.pattern");
                            checkRegex(r.getValueNode(), p + ".regex_replace.pattern", pattern, true);
                        } else if (k.equals("replacement")) {
                            replacement = scalar(r.getValueNode(), p + ".regex_replace.replacement");
                        } else {
                            throw error(r.getKeyNode(), p + ".regex_replace." + k, "unknown key; expected pattern or replacement");
                        }
                    }
                    if (pattern == null) {
                        throw error(n, p + ".regex_replace.pattern", "missing");
                    }
                    steps.add(new NormalizeStep("regex_replace", pattern, replacement, null));
                }
            }
            return steps;
        }

        void readSources(SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node n = seq.getValue().get(i);
                String path = "sources[" + i + "]";
                String name = null;
                String table = null;
                String rowKey = null;
                String ts = null;
                java.time.Duration lookback = java.time.Duration.ZERO;
                Map<String, String> ids = new LinkedHashMap<>();
                for (NodeTuple t : mapping(n, path).getValue()) {
                    String key = scalarKey(t);
                    String kp = path + "." + key;
                    switch (key) {
                        case "name" -> name = identifier(t.getValueNode(), kp);
                        case "model", "table" -> {
                            if (table != null) {
                                throw error(t.getKeyNode(), kp, "give either model or table, not both");
                            }
                            table = identifier(t.getValueNode(), kp);
                        }
                        case "row_key" -> rowKey = identifier(t.getValueNode(), kp);
                        case "timestamp" -> ts = identifier(t.getValueNode(), kp);
                        case "lookback" -> {
                            String text = scalar(t.getValueNode(), kp);
                            lookback = dev.weft.Intervals.parse(text);
                            if (lookback == null) {
                                throw error(t.getValueNode(), kp, "'" + text + "' is not an interval; write it like 6h or 3d");
                            }
                        }
                        case "identifiers" -> {
                            for (NodeTuple m : mapping(t.getValueNode(), kp).getValue()) {
                                ids.put(scalarKey(m), identifier(m.getValueNode(), kp + "." + scalarKey(m)));
                            }
                        }
                        default -> throw error(t.getKeyNode(), kp, "unknown key; expected one of " + sorted(SOURCE_KEYS));
                    }
                }
                for (String[] req : new String[][]{{"model", table}, {"row_key", rowKey}, {"timestamp", ts}}) {
                    if (req[1] == null) {
                        throw error(n, path + "." + req[0], "missing" + (req[0].equals("model") ? " (model or table)" : ""));
                    }
                }
                if (ids.isEmpty()) {
                    throw error(n, path + ".identifiers", "missing: map identifier types to the columns holding them");
                }
                String finalName = name == null ? table : name;
                if (b.sources.stream().anyMatch(s -> s.name().equals(finalName))) {
                    throw error(n, path + ".name", "source name '" + finalName + "' is used twice");
                }
                b.sources.add(new EdgeSource(finalName, table, rowKey, ts, ids, lookback));
                b.sourceWhere.add(where(n, path));
            }
        }

        String identifier(Node n, String path) {
            String v = scalar(n, path);
            if (!v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw error(n, path, "'" + v + "' is not a plain table or column name");
            }
            return v.toLowerCase(java.util.Locale.ROOT);
        }

        void checkRegex(Node n, String path, String re, boolean replacement) {
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw error(n, path, "not a valid regular expression: " + e.getDescription());
            }
            b.patterns.add(new PatternSite(where(n, path), re, replacement));
        }

        int positiveInt(Node n, String path) {
            String v = scalar(n, path);
            try {
                int i = Integer.parseInt(v);
                if (i > 0) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(n, path, "expected a positive whole number, got '" + v + "'");
        }

        boolean bool(Node n, String path) {
            String v = scalar(n, path);
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            throw error(n, path, "expected true or false, got '" + v + "'");
        }

        List<String> strings(Node n, String path) {
            SequenceNode seq = sequence(n, path);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(scalar(seq.getValue().get(i), path + "[" + i + "]"));
            }
            return out;
        }

        MappingNode mapping(Node n, String path) {
            if (n instanceof MappingNode m) {
                return m;
            }
            throw error(n, path, "expected a mapping (key: value lines)");
        }

        SequenceNode sequence(Node n, String path) {
            if (n instanceof SequenceNode s) {
                return s;
            }
            throw error(n, path, "expected a list");
        }

        String scalar(Node n, String path) {
            if (n instanceof ScalarNode s) {
                return s.getValue();
            }
            throw error(n, path, "expected a single value");
        }

        String scalarKey(NodeTuple t) {
            return scalar(t.getKeyNode(), "key");
        }

        String where(Node n, String path) {
            return file + " line " + YamlLines.line(n) + ": " + path;
        }

        WeftException error(Node n, String path, String problem) {
            return new WeftException(where(n, path) + ": " + problem);
        }

        static List<String> sorted(Set<String> s) {
            return s.stream().sorted().toList();
        }
    }
}
