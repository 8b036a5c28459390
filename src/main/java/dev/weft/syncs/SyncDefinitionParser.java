package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Intervals;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.destinations.SyncMode;
import dev.weft.syncs.SyncDefinition.FieldMapping;
import dev.weft.syncs.SyncDefinition.MissedPolicy;
import dev.weft.syncs.SyncDefinition.Schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a sync definition (a YAML file or a REST body, same shape) and reports every problem at once,
 * each at the JSON Pointer of the offending field. Only the definition itself is checked here; what
 * the destination accepts is checked by {@link SyncValidator}.
 */
public final class SyncDefinitionParser {

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Destination field names travel as SQL string literals in the payload JSON: keep them plain. */
    static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private static final Set<String> TOP = Set.of("id", "source", "destination", "mode", "key", "mapping", "schedule", "alerts",
            "purpose", "on_consent_lost");
    /** The scheduler computes next runs as instants: an interval must stay far from their limits. */
    static final Duration SHORTEST_EVERY = Duration.ofMinutes(1);
    static final Duration LONGEST_EVERY = Duration.ofDays(366);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Problem> problems = new ArrayList<>();

    private SyncDefinitionParser() {
    }

    /**
     * @param where    for messages: the file name or "request body"
     * @param fallbackId the id when the definition has none (a file's name)
     */
    public static SyncDefinition parse(JsonNode node, String fallbackId, String origin, String where) {
        SyncDefinitionParser p = new SyncDefinitionParser();
        SyncDefinition def = p.definition(node, fallbackId, origin);
        if (!p.problems.isEmpty()) {
            throw new InvalidSyncException(where, p.problems);
        }
        return def;
    }

    private SyncDefinition definition(JsonNode node, String fallbackId, String origin) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem("", "a sync definition must be an object"));
            return null;
        }
        unknownKeys(node, "", TOP);
        String id = text(node, "/id", false);
        if (id == null) {
            id = fallbackId;
        }
        if (id == null) {
            problems.add(new Problem("/id", "is required"));
        } else if (!ID.matcher(id).matches()) {
            problems.add(new Problem("/id", "must be lower-case letters, digits and _ (starting with a letter, at most 63), got '" + id + "'"));
        } else if (fallbackId != null && "git".equals(origin) && !id.equals(fallbackId)) {
            problems.add(new Problem("/id", "must equal the file name '" + fallbackId + "', got '" + id + "'"));
        }
        SyncDefinition.Source source = source(node.get("source"));
        SyncDefinition.Target target = target(node.get("destination"));
        SyncMode mode = mode(node);
        String key = text(node, "/key", false);
        if (key == null && source != null) {
            key = source.isAudience() ? "profile_id" : null;
        }
        if (key == null) {
            problems.add(new Problem("/key", "is required for a model source: the column that identifies a record"));
        } else if (!COLUMN.matcher(key).matches()) {
            problems.add(new Problem("/key", "must be a column name, got '" + key + "'"));
        }
        List<FieldMapping> mapping = mapping(node.get("mapping"));
        Schedule schedule = schedule(node.get("schedule"));
        List<AlertRule> alerts = AlertRule.parse(node.get("alerts"), "/alerts", problems);
        JsonNode alertNodes = node.path("alerts");
        for (int i = 0; alertNodes.isArray() && i < alertNodes.size(); i++) {
            if (AlertRule.Kind.SOURCE_FRESHNESS.configName().equals(alertNodes.get(i).path("rule").asText())) {
                problems.add(new Problem("/alerts/" + i + "/rule", "source_freshness watches source tables, not a sync: set it under"
                        + " weft.alerts.rules in weft.yml"));
            }
        }
        String purpose = text(node, "/purpose", false);
        if (purpose != null && !ID.matcher(purpose).matches()) {
            problems.add(new Problem("/purpose", "must be a purpose declared in consent/*.yml (lower-case letters, digits and _), got '"
                    + purpose + "'"));
        }
        SyncDefinition.ConsentLost onConsentLost = consentLost(node.get("on_consent_lost"), mode, key, mapping);
        if (!problems.isEmpty()) {
            return null;
        }
        return new SyncDefinition(id, source, target, mode, key, mapping, schedule, alerts, purpose, onConsentLost, origin);
    }

    private SyncDefinition.Source source(JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem("/source", "is required: {audience: <id>} or {model: <name>}"));
            return null;
        }
        unknownKeys(node, "/source", Set.of("audience", "split_group", "priority_list", "traits", "model", "identifiers"));
        String audience = text(node, "/source/audience", false);
        String model = text(node, "/source/model", false);
        String split = text(node, "/source/split_group", false);
        String priorityList = text(node, "/source/priority_list", false);
        String traits = text(node, "/source/traits", false);
        if ((audience == null) == (model == null)) {
            problems.add(new Problem("/source", "needs exactly one of audience and model"));
            return null;
        }
        if (model != null) {
            identifier(model, "/source/model");
            if (split != null) {
                problems.add(new Problem("/source/split_group", "applies only to an audience source"));
            }
            if (priorityList != null) {
                problems.add(new Problem("/source/priority_list", "applies only to an audience source"));
            }
            if (traits != null) {
                problems.add(new Problem("/source/traits", "applies only to an audience source"));
            }
            return new SyncDefinition.Source(null, null, null, null, model, identifiers(node.get("identifiers")));
        }
        if (traits != null) {
            identifier(traits, "/source/traits");
        }
        if (node.has("identifiers")) {
            problems.add(new Problem("/source/identifiers", "applies only to a model source (an audience's members are profiles)"));
        }
        return new SyncDefinition.Source(audience, split, priorityList, traits == null ? "profile_traits" : traits, null, Map.of());
    }

    /** A model's identifier columns: identifier type (or profile_id) to column. */
    private Map<String, String> identifiers(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject() || node.isEmpty()) {
            problems.add(new Problem("/source/identifiers", "must map identifier types (or profile_id) to columns, e.g. {email: email}"));
            return out;
        }
        node.fields().forEachRemaining(e -> {
            String at = JsonPointers.member("/source/identifiers", e.getKey());
            if (!ID.matcher(e.getKey()).matches()) {
                problems.add(new Problem(at, "must be an identifier type (lower-case letters, digits and _)"));
            } else if (!e.getValue().isTextual() || !COLUMN.matcher(e.getValue().asText()).matches()) {
                problems.add(new Problem(at, "must be a column name"));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    /**
     * {@code on_consent_lost: {fields: {email_opt_in: false}}}: only for modes that update, and never a field
     * mapped from the key, which the update carries as last sent.
     */
    private SyncDefinition.ConsentLost consentLost(JsonNode node, SyncMode mode, String key, List<FieldMapping> mapping) {
        if (node == null || node.isNull()) {
            return null;
        }
        String at = "/on_consent_lost";
        if (!node.isObject()) {
            problems.add(new Problem(at, "must be an object {fields: {<destination field>: <value>}}"));
            return null;
        }
        unknownKeys(node, at, Set.of("fields"));
        if (mode == SyncMode.MIRROR || mode == SyncMode.INSERT) {
            problems.add(new Problem(at, "applies to upsert and update syncs only: a mirror sync removes a member who loses consent,"
                    + " and an insert sync sends no updates"));
        }
        JsonNode fields = node.get("fields");
        if (fields == null || !fields.isObject() || fields.isEmpty()) {
            problems.add(new Problem(at + "/fields", "is required: the destination fields to send and their values, e.g. {email_opt_in: false}"));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        fields.fields().forEachRemaining(e -> {
            String fAt = JsonPointers.member(at + "/fields", e.getKey());
            if (!FIELD.matcher(e.getKey()).matches()) {
                problems.add(new Problem(fAt, "must be letters, digits, _ . - (at most 128), got '" + e.getKey() + "'"));
            } else if (e.getValue().isContainerNode()) {
                problems.add(new Problem(fAt, "must be a text, number, boolean or null"));
            } else if (mapping.stream().anyMatch(m -> key != null && key.equals(m.from()) && e.getKey().equals(m.to()))) {
                problems.add(new Problem(fAt, "is mapped from the key '" + key + "': the update carries it as last sent, so the"
                        + " destination finds the record"));
            } else {
                out.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        });
        return new SyncDefinition.ConsentLost(out);
    }

    private SyncDefinition.Target target(JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem("/destination", "is required: {type: <destination type>, connection: <name>}"));
            return null;
        }
        unknownKeys(node, "/destination", Set.of("type", "connection", "options"));
        String type = text(node, "/destination/type", true);
        String connection = text(node, "/destination/connection", true);
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode opts = node.get("options");
        if (opts != null && !opts.isNull()) {
            if (!opts.isObject()) {
                problems.add(new Problem("/destination/options", "must be an object of settings"));
            } else {
                opts.fields().forEachRemaining(e -> {
                    if (e.getValue().isContainerNode()) {
                        problems.add(new Problem(JsonPointers.member("/destination/options", e.getKey()), "must be a text, number or boolean"));
                    } else {
                        options.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        }
        return new SyncDefinition.Target(type, connection, options);
    }

    private SyncMode mode(JsonNode node) {
        String mode = text(node, "/mode", false);
        if (mode == null) {
            return SyncMode.UPSERT;
        }
        for (SyncMode m : SyncMode.values()) {
            if (m.name().equalsIgnoreCase(mode)) {
                return m;
            }
        }
        problems.add(new Problem("/mode", "must be one of upsert, update, insert, mirror; got '" + mode + "'"));
        return null;
    }

    private List<FieldMapping> mapping(JsonNode node) {
        List<FieldMapping> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add(new Problem("/mapping", "is required: a list of {from|constant, to, transforms}"));
            return out;
        }
        Set<String> targets = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/mapping/" + i;
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                problems.add(new Problem(at, "must be an object {from|constant, to, transforms}"));
                continue;
            }
            unknownKeys(m, at, Set.of("from", "constant", "to", "transforms"));
            String from = text(m, at + "/from", false);
            JsonNode constantNode = m.get("constant");
            String constant = constantNode == null || constantNode.isNull() ? null : constantNode.asText();
            String to = text(m, at + "/to", true);
            if ((from == null) == (constant == null)) {
                problems.add(new Problem(at, "needs exactly one of from (a source column) and constant"));
            }
            if (from != null && !COLUMN.matcher(from).matches()) {
                problems.add(new Problem(at + "/from", "must be a column name, got '" + from + "'"));
            }
            if (to != null && !FIELD.matcher(to).matches()) {
                problems.add(new Problem(at + "/to", "must be letters, digits, _ . - (at most 128), got '" + to + "'"));
            } else if (to != null && !targets.add(to)) {
                problems.add(new Problem(at + "/to", "'" + to + "' is mapped twice"));
            }
            List<Transform> transforms = new ArrayList<>();
            JsonNode ts = m.get("transforms");
            if (ts != null && !ts.isNull()) {
                if (!ts.isArray()) {
                    problems.add(new Problem(at + "/transforms", "must be a list, e.g. [trim, lower]"));
                } else {
                    for (int j = 0; j < ts.size(); j++) {
                        String name = ts.get(j).asText();
                        String tAt = at + "/transforms/" + j;
                        Transform.named(name).ifPresentOrElse(transforms::add, () -> problems.add(new Problem(tAt,
                                "unknown transform '" + name + "' (one of " + Transform.NAMES + ")")));
                    }
                }
            }
            out.add(new FieldMapping(from, constant, to, transforms));
        }
        return out;
    }

    private Schedule schedule(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("manual"))) {
            return Schedule.manual();
        }
        if (!node.isObject()) {
            problems.add(new Problem("/schedule", "must be manual or one of {cron: ...}, {every: 15m}, {after: models}"));
            return null;
        }
        unknownKeys(node, "/schedule", Set.of("cron", "every", "after", "missed"));
        MissedPolicy missed = MissedPolicy.RUN_ONCE;
        String missedText = text(node, "/schedule/missed", false);
        if (missedText != null) {
            switch (missedText) {
                case "run_once" -> missed = MissedPolicy.RUN_ONCE;
                case "skip" -> missed = MissedPolicy.SKIP;
                default -> problems.add(new Problem("/schedule/missed", "must be run_once or skip, got '" + missedText + "'"));
            }
        }
        String cron = text(node, "/schedule/cron", false);
        String every = text(node, "/schedule/every", false);
        String after = text(node, "/schedule/after", false);
        int kinds = (cron == null ? 0 : 1) + (every == null ? 0 : 1) + (after == null ? 0 : 1);
        if (kinds != 1) {
            problems.add(new Problem("/schedule", "needs exactly one of cron, every and after"));
            return null;
        }
        if (cron != null) {
            Schedule s = new Schedule(Schedule.Kind.CRON, cron, null, missed);
            try {
                if (SyncScheduler.nextRun(s, Instant.now()) == null) {
                    problems.add(new Problem("/schedule/cron", "'" + cron + "' never runs (it matches no date, like February 30);"
                            + " give a 5-field cron expression in UTC that matches at least one date a year, like 0 6 * * *"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("/schedule/cron", "is not a 5-field cron expression (minute hour day-of-month month"
                        + " day-of-week, in UTC, like 0 6 * * *): " + e.getMessage()));
            }
            return s;
        }
        if (every != null) {
            Duration d = Intervals.parse(every);
            if (d == null || d.compareTo(SHORTEST_EVERY) < 0 || d.compareTo(LONGEST_EVERY) > 0) {
                problems.add(new Problem("/schedule/every", "must be an interval of at least 1m and at most 366d (a whole number"
                        + " and s, m, h or d, like 30m, 6h, 1d); got '" + every + "'"));
            }
            return new Schedule(Schedule.Kind.INTERVAL, null, d, missed);
        }
        if (!after.equals("models")) {
            problems.add(new Problem("/schedule/after", "must be models (run after each models run), got '" + after + "'"));
        }
        return new Schedule(Schedule.Kind.AFTER_MODELS, null, null, missed);
    }

    private void identifier(String name, String at) {
        if (!COLUMN.matcher(name).matches()) {
            problems.add(new Problem(at, "must be a table or model name, got '" + name + "'"));
        }
    }

    private String text(JsonNode parent, String pointer, boolean required) {
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(pointer, "is required"));
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problems.add(new Problem(pointer, "must be a non-empty text"));
            return null;
        }
        return v.asText().trim();
    }

    private void unknownKeys(JsonNode node, String at, Set<String> known) {
        problems.addAll(JsonChecks.unknownMembers(node, at, known, "unknown key (expected one of " + known.stream().sorted().toList() + ")"));
    }
}
