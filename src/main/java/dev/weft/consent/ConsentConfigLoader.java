package dev.weft.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.WeftException;
import dev.weft.consent.ConsentConfig.Policy;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.definitions.YamlLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code consent/*.yml} (files merged in name order) into a {@link ConsentConfig}. Every problem of
 * every file is reported at once, each with its file and line, because these files are edited by hand.
 */
public final class ConsentConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> TOP = Set.of("purposes", "sources", "suppression");
    private static final Set<String> SOURCE = Set.of("name", "model", "table", "identifiers", "purpose", "status", "timestamp");
    private static final Set<String> LIST = Set.of("name", "model", "table", "identifiers", "domains", "syncs", "destinations");

    private final Map<String, Policy> purposes = new LinkedHashMap<>();
    private final List<ConsentConfig.Source> sources = new ArrayList<>();
    private final List<ConsentConfig.SuppressionList> lists = new ArrayList<>();
    /** Where each source or list name was first given, to report a name given twice. */
    private final Map<String, String> named = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private List<Problem> problems;
    private String file;

    private ConsentConfigLoader() {
    }

    /** The folder's configuration; {@link ConsentConfig#NONE} when there is no such folder. */
    public static ConsentConfig load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return ConsentConfig.NONE;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                texts.put(dir.getFileName() + "/" + f.getFileName(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new WeftException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return parse(texts);
    }

    /** Parses file texts keyed by the file name to report. */
    public static ConsentConfig parse(Map<String, String> files) {
        ConsentConfigLoader l = new ConsentConfigLoader();
        for (Map.Entry<String, String> f : files.entrySet()) {
            l.file = f.getKey();
            l.problems = new ArrayList<>();
            JsonNode root;
            try {
                root = YAML.readTree(f.getValue());
            } catch (IOException e) {
                throw new WeftException(f.getKey() + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
            }
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                l.read(root);
            }
            for (Problem p : l.problems) {
                l.errors.add(f.getKey() + " line " + YamlLines.lineOf(f.getValue(), p.path()) + ": "
                        + (p.path().isEmpty() ? "/" : p.path()) + ": " + p.problem());
            }
        }
        if (!l.errors.isEmpty()) {
            throw new WeftException(String.join("; ", l.errors));
        }
        return new ConsentConfig(l.purposes, l.sources, l.lists, List.copyOf(files.keySet()));
    }

    private void read(JsonNode root) {
        if (!root.isObject()) {
            problems.add(new Problem("", "must be an object with purposes, sources and suppression"));
            return;
        }
        problems.addAll(JsonChecks.unknownMembers(root, "", TOP, "unknown key (expected one of " + sorted(TOP) + ")"));
        JsonNode p = root.get("purposes");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                problems.add(new Problem("/purposes", "must map each purpose to opt_in or opt_out, e.g. {email_marketing: opt_in}"));
            } else {
                p.fields().forEachRemaining(e -> purpose(e.getKey(), e.getValue()));
            }
        }
        forEach(root, "sources", this::source);
        forEach(root, "suppression", this::list);
    }

    private void purpose(String name, JsonNode value) {
        String at = JsonPointers.member("/purposes", name);
        if (!NAME.matcher(name).matches()) {
            problems.add(new Problem(at, "a purpose is lower-case letters, digits and _, got '" + name + "'"));
        } else if (purposes.containsKey(name)) {
            problems.add(new Problem(at, "declared twice"));
        }
        String policy = value.isTextual() ? value.asText() : "";
        switch (policy) {
            case "opt_in" -> purposes.put(name, Policy.OPT_IN);
            case "opt_out" -> purposes.put(name, Policy.OPT_OUT);
            default -> problems.add(new Problem(at, "must be opt_in (withheld until granted) or opt_out (sent unless revoked), got '"
                    + value.asText() + "'"));
        }
    }

    private void source(JsonNode node, String at) {
        problems.addAll(JsonChecks.unknownMembers(node, at, SOURCE, "unknown key (expected one of " + sorted(SOURCE) + ")"));
        String name = name(node, at);
        String table = table(node, at);
        Map<String, String> ids = identifiers(node, at, true);
        String purpose = column(node, at, "purpose", true);
        String status = column(node, at, "status", true);
        String timestamp = column(node, at, "timestamp", true);
        sources.add(new ConsentConfig.Source(name, table, ids, purpose, status, timestamp));
    }

    private void list(JsonNode node, String at) {
        problems.addAll(JsonChecks.unknownMembers(node, at, LIST, "unknown key (expected one of " + sorted(LIST) + ")"));
        String name = name(node, at);
        String table = table(node, at);
        String domains = column(node, at, "domains", false);
        Map<String, String> ids = identifiers(node, at, domains == null);
        lists.add(new ConsentConfig.SuppressionList(name, table, ids, domains, names(node, at, "syncs"), names(node, at, "destinations")));
    }

    private String name(JsonNode node, String at) {
        String name = text(node, at, "name", true);
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(new Problem(at + "/name", "must be lower-case letters, digits and _, got '" + name + "'"));
        } else if (name != null && named.putIfAbsent(name, file) != null) {
            problems.add(new Problem(at + "/name", "'" + name + "' is already a source or list (in " + named.get(name) + ")"));
        }
        return name;
    }

    private String table(JsonNode node, String at) {
        String model = text(node, at, "model", false);
        String table = text(node, at, "table", false);
        if ((model == null) == (table == null)) {
            problems.add(new Problem(at, "needs exactly one of model and table"));
            return null;
        }
        String t = model != null ? model : table;
        if (!COLUMN.matcher(t).matches()) {
            problems.add(new Problem(at + (model != null ? "/model" : "/table"), "must be a table or model name, got '" + t + "'"));
        }
        return t;
    }

    private Map<String, String> identifiers(JsonNode node, String at, boolean required) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode ids = node.get("identifiers");
        if (ids == null || ids.isNull()) {
            if (required) {
                problems.add(new Problem(at + "/identifiers", "is required: identifier type (or profile_id) to column, e.g. {email: email}"));
            }
            return out;
        }
        if (!ids.isObject() || ids.isEmpty()) {
            problems.add(new Problem(at + "/identifiers", "must map identifier types (or profile_id) to columns, e.g. {email: email}"));
            return out;
        }
        ids.fields().forEachRemaining(e -> {
            String p = JsonPointers.member(at + "/identifiers", e.getKey());
            if (!NAME.matcher(e.getKey()).matches()) {
                problems.add(new Problem(p, "an identifier type is lower-case letters, digits and _"));
            } else if (!e.getValue().isTextual() || !COLUMN.matcher(e.getValue().asText()).matches()) {
                problems.add(new Problem(p, "must be a column name"));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private String column(JsonNode node, String at, String key, boolean required) {
        String c = text(node, at, key, required);
        if (c != null && !COLUMN.matcher(c).matches()) {
            problems.add(new Problem(at + "/" + key, "must be a column name, got '" + c + "'"));
        }
        return c;
    }

    private List<String> names(JsonNode node, String at, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!v.isArray() || v.isEmpty()) {
            problems.add(new Problem(at + "/" + key, "must be a non-empty list of names"));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
                problems.add(new Problem(at + "/" + key + "/" + i, "must be a name"));
            } else {
                out.add(v.get(i).asText().trim());
            }
        }
        return out;
    }

    private void forEach(JsonNode root, String key, Item item) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            problems.add(new Problem("/" + key, "must be a list"));
            return;
        }
        for (int i = 0; i < v.size(); i++) {
            String at = "/" + key + "/" + i;
            if (!v.get(i).isObject()) {
                problems.add(new Problem(at, "must be an object"));
            } else {
                item.read(v.get(i), at);
            }
        }
    }

    private String text(JsonNode node, String at, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(at + "/" + key, "is required"));
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problems.add(new Problem(at + "/" + key, "must be a non-empty text"));
            return null;
        }
        return v.asText().trim();
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private interface Item {
        void read(JsonNode node, String at);
    }
}
