package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Intervals;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One alert rule on a sync's runs, from {@code weft.alerts.rules} in {@code weft.yml} (every sync's
 * defaults) or a sync definition's {@code alerts} (that sync's own, replacing the default of the same
 * rule). The alerts feature evaluates them; the shape lives here because sync definitions carry it.
 *
 * @param rule    what it watches
 * @param above   {@code failure_rate}: the fraction of sent records that failed (0 to 1) above which it fires
 * @param within  {@code no_success}: how long a sync may go without a successful run
 * @param after   {@code job_stuck}: how long an asynchronous vendor job may stay open
 * @param to      the channels it sends to, by name; empty for every channel
 * @param enabled false switches off, for one sync, the default rule of the same kind
 */
public record AlertRule(Kind rule, Double above, Duration within, Duration after, List<String> to, boolean enabled) {

    /** Channel names as {@code weft.alerts.channels} keys spell them. */
    public static final Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Set<String> KEYS = Set.of("rule", "above", "within", "after", "to", "enabled");

    public AlertRule {
        to = List.copyOf(to);
    }

    /** The rules; each fires once per incident and sends a resolved message when its condition clears. */
    public enum Kind {
        /** A run failed; clears at the next run that does not fail. */
        RUN_FAILED(null),
        /** A run's failed records over its sent records exceeded {@code above}; clears at a run within it. */
        FAILURE_RATE("above"),
        /** No successful run for {@code within} (checked at every scheduler tick); clears at a successful run. */
        NO_SUCCESS("within"),
        /** An asynchronous vendor job has stayed open longer than {@code after}; clears when none has. */
        JOB_STUCK("after"),
        /**
         * A source table's freshness check is {@code error} (past its {@code error_after}, or not measurable); clears when
         * a check passes or warns. It watches sources, not syncs: {@code weft.alerts.rules} only.
         */
        SOURCE_FRESHNESS(null);

        /** The rule's one setting, if it has one. */
        private final String parameter;

        Kind(String parameter) {
            this.parameter = parameter;
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Kind> named(String name) {
            return EnumSet.allOf(Kind.class).stream().filter(k -> k.configName().equals(name)).findFirst();
        }
    }

    /**
     * The rules for one sync: the defaults, each replaced by the sync's own rule of its kind, and the sync's others
     * ({@code source_freshness} watches sources: never a sync's).
     */
    public static List<AlertRule> effective(List<AlertRule> defaults, List<AlertRule> own) {
        Map<Kind, AlertRule> byKind = new LinkedHashMap<>();
        defaults.stream().filter(r -> r.rule() != Kind.SOURCE_FRESHNESS).forEach(r -> byKind.put(r.rule(), r));
        own.forEach(r -> byKind.put(r.rule(), r));
        return byKind.values().stream().filter(AlertRule::enabled).toList();
    }

    /**
     * Reads a list of rules at {@code at}, adding each problem (at its JSON Pointer) to {@code problems};
     * a missing or null node is no rules.
     */
    public static List<AlertRule> parse(JsonNode node, String at, List<Problem> problems) {
        List<AlertRule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray()) {
            problems.add(new Problem(at, "must be a list of rules like {rule: run_failed}"));
            return rules;
        }
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (int i = 0; i < node.size(); i++) {
            String ruleAt = at + "/" + i;
            JsonNode r = node.get(i);
            if (!r.isObject()) {
                problems.add(new Problem(ruleAt, "must be an object like {rule: run_failed}"));
                continue;
            }
            problems.addAll(JsonChecks.unknownMembers(r, ruleAt, KEYS, "unknown key (expected one of " + KEYS.stream().sorted().toList() + ")"));
            JsonNode name = r.get("rule");
            Optional<Kind> kind = name == null || !name.isTextual() ? Optional.empty() : Kind.named(name.asText());
            if (kind.isEmpty()) {
                problems.add(new Problem(ruleAt + "/rule", (name == null ? "is required" : "'" + name.asText() + "' is no rule")
                        + ": one of run_failed, failure_rate, no_success, job_stuck, source_freshness"));
                continue;
            }
            if (!seen.add(kind.get())) {
                problems.add(new Problem(ruleAt + "/rule", "'" + kind.get().configName() + "' is given twice"));
            }
            boolean enabled = true;
            JsonNode enabledNode = r.get("enabled");
            if (enabledNode != null && !enabledNode.isNull()) {
                if (!enabledNode.isBoolean()) {
                    problems.add(new Problem(ruleAt + "/enabled", "must be true or false"));
                }
                enabled = enabledNode.asBoolean(true);
            }
            Double above = kind.get() == Kind.FAILURE_RATE && enabled ? fraction(r.get("above"), ruleAt + "/above", problems) : null;
            Duration within = kind.get() == Kind.NO_SUCCESS && enabled ? interval(r.get("within"), ruleAt + "/within", problems) : null;
            Duration after = kind.get() == Kind.JOB_STUCK && enabled ? interval(r.get("after"), ruleAt + "/after", problems) : null;
            for (String param : List.of("above", "within", "after")) {
                if (r.has(param) && !param.equals(kind.get().parameter)) {
                    problems.add(new Problem(ruleAt + "/" + param, "does not apply to the rule " + kind.get().configName()));
                }
            }
            rules.add(new AlertRule(kind.get(), above, within, after, channels(r.get("to"), ruleAt + "/to", problems), enabled));
        }
        return rules;
    }

    /** The rules in the shape {@link #parse} reads. */
    public static ArrayNode toJson(List<AlertRule> rules) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (AlertRule r : rules) {
            ObjectNode o = list.addObject();
            o.put("rule", r.rule().configName());
            if (r.above() != null) {
                o.put("above", r.above());
            }
            if (r.within() != null) {
                o.put("within", r.within().toSeconds() + "s");
            }
            if (r.after() != null) {
                o.put("after", r.after().toSeconds() + "s");
            }
            if (!r.to().isEmpty()) {
                r.to().forEach(o.putArray("to")::add);
            }
            if (!r.enabled()) {
                o.put("enabled", false);
            }
        }
        return list;
    }

    private static Double fraction(JsonNode node, String at, List<Problem> problems) {
        if (node == null || !node.isNumber() || node.asDouble() < 0 || node.asDouble() >= 1) {
            problems.add(new Problem(at, (node == null ? "is required" : "must be a number from 0 to below 1, got " + node)
                    + ": the fraction of sent records that failed, e.g. 0.05 for 5%"));
            return null;
        }
        return node.asDouble();
    }

    private static Duration interval(JsonNode node, String at, List<Problem> problems) {
        Duration d = node == null || !node.isTextual() ? null : Intervals.parse(node.asText());
        if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add(new Problem(at, (node == null ? "is required" : "must be an interval of at least 1m, got " + node)
                    + " (a whole number and s, m, h or d, like 30m, 26h, 2d)"));
        }
        return d;
    }

    private static List<String> channels(JsonNode node, String at, List<Problem> problems) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            problems.add(new Problem(at, "must be a list of channel names, e.g. [ops-slack]"));
            return names;
        }
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).asText();
            if (!node.get(i).isTextual() || !CHANNEL_NAME.matcher(name).matches()) {
                problems.add(new Problem(at + "/" + i, "must be a channel name (lower-case letters, digits, _ and -), got " + node.get(i)));
            } else {
                names.add(name);
            }
        }
        return names;
    }
}
