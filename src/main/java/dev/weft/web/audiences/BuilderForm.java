package dev.weft.web.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.audiences.AudienceBuilderCatalog;
import dev.weft.audiences.Operator;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.ColumnType;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audience builder's form, read back from its fields: groups of conditions, each group matching all or
 * any of its conditions, and the groups combined with all or any. Every choice is one the catalog offers
 * (a trait, an operator that fits its type, an event, an audience); a field left empty or naming nothing
 * the catalog has takes the first choice (a trait's operator: is_set), so the definition sent to the audiences feature is always the one
 * the page shows. {@link #definition()} writes it as the condition tree the REST API takes, remembering
 * where each condition went, so the feature's problems (JSON Pointers) come back next to their condition.
 *
 * <p>Fields: {@code name}, {@code match}, {@code g<i>.match}, and per condition {@code g<i>.c<j>.type}
 * ({@code trait}, {@code event}, {@code audience}) with {@code .column .operator .value} for a trait,
 * {@code .event .count_operator .count .days} for an event, {@code .operator .audience} for an audience.
 */
public final class BuilderForm {

    static final String TRAIT = "trait";
    static final String EVENT = "event";
    static final String AUDIENCE = "audience";
    static final List<String> TYPES = List.of(TRAIT, EVENT, AUDIENCE);
    static final List<String> COUNT_OPERATORS = List.of("at_least", "at_most", "exactly");
    static final List<String> MEMBERSHIP = List.of("in", "not_in");
    private static final String ALL = "all";
    private static final String ANY = "any";
    private static final int MAX_GROUPS = 10;
    private static final int MAX_CONDITIONS = 20;

    /** One condition as the page shows it; {@code key} is its field prefix, {@code problem} what is wrong with it. */
    public static final class Row {
        final String key;
        String type;
        String column;
        String operator;
        String value = "";
        String event;
        String countOperator;
        String count = "1";
        String days = "";
        String audience;
        String problem;

        Row(String key) {
            this.key = key;
        }

        public String getKey() {
            return key;
        }

        public String getType() {
            return type;
        }

        public String getColumn() {
            return column;
        }

        public String getOperator() {
            return operator;
        }

        public String getValue() {
            return value;
        }

        public String getEvent() {
            return event;
        }

        public String getCountOperator() {
            return countOperator;
        }

        public String getCount() {
            return count;
        }

        public String getDays() {
            return days;
        }

        public String getAudience() {
            return audience;
        }

        public String getProblem() {
            return problem;
        }

        /** The prefix of this condition's element ids (the field prefix, dots made dashes for CSS). */
        public String getId() {
            return key.replace('.', '-');
        }

        /** The id of the element the page shows this condition's problem in. */
        public String getProblemId() {
            return "problem-" + getId();
        }
    }

    /** A group of conditions that match all or any. */
    public static final class Group {
        final String key;
        String match = ALL;
        final List<Row> rows = new ArrayList<>();

        Group(String key) {
            this.key = key;
        }

        public String getKey() {
            return key;
        }

        public String getMatch() {
            return match;
        }

        public List<Row> getRows() {
            return rows;
        }
    }

    private final AudienceBuilderCatalog.Catalog catalog;
    private final String name;
    private final String match;
    private final List<Group> groups = new ArrayList<>();
    /** Where each condition went in the definition (its JSON Pointer), once built. */
    private final Map<String, Row> pointers = new LinkedHashMap<>();
    private String problem;
    /** The saved audience this builder makes the next version of; null for a new audience. */
    private String editing;

    private BuilderForm(AudienceBuilderCatalog.Catalog catalog, String name, String match) {
        this.catalog = catalog;
        this.name = name;
        this.match = ANY.equals(match) ? ANY : ALL;
    }

    /** An empty builder: one group holding one trait condition. */
    static BuilderForm blank(AudienceBuilderCatalog.Catalog catalog) {
        BuilderForm form = new BuilderForm(catalog, "", ALL);
        Group g = new Group("g0");
        g.rows.add(form.normalize(new Row("g0.c0")));
        form.groups.add(g);
        return form;
    }

    /** The builder as the form's fields describe it. */
    static BuilderForm read(AudienceBuilderCatalog.Catalog catalog, Map<String, String> fields) {
        BuilderForm form = new BuilderForm(catalog, fields.getOrDefault("name", ""), fields.get("match"));
        form.editing = fields.get("audience") == null || fields.get("audience").isBlank() ? null : fields.get("audience");
        for (int g = 0; g < MAX_GROUPS && hasGroup(fields, g); g++) {
            Group group = new Group("g" + g);
            group.match = ANY.equals(fields.get(group.key + ".match")) ? ANY : ALL;
            for (int c = 0; c < MAX_CONDITIONS; c++) {
                String key = group.key + ".c" + c;
                if (!fields.containsKey(key + ".type")) {
                    break;
                }
                Row row = new Row(key);
                row.type = fields.get(key + ".type");
                row.column = fields.get(key + ".column");
                row.operator = fields.get(key + ".operator");
                row.value = fields.getOrDefault(key + ".value", "");
                row.event = fields.get(key + ".event");
                row.countOperator = fields.get(key + ".count_operator");
                row.count = fields.getOrDefault(key + ".count", "1");
                row.days = fields.getOrDefault(key + ".days", "");
                row.audience = fields.get(key + ".audience");
                group.rows.add(form.normalize(row));
            }
            if (!group.rows.isEmpty()) {
                form.groups.add(group);
            }
        }
        if (form.groups.isEmpty()) {
            BuilderForm blank = blank(catalog);
            blank.editing = form.editing;
            return blank;
        }
        return form;
    }

    /**
     * The builder holding a saved definition, to save as its next version; empty when the definition uses what the
     * builder cannot show (NOT, event filters and aggregates, splits, windows between dates or not in days, deeper
     * nesting), which is then changed through the API or its file.
     */
    static Optional<BuilderForm> of(AudienceBuilderCatalog.Catalog catalog, String audienceId, JsonNode definition) {
        JsonNode conditions = definition.path("conditions");
        if (definition.hasNonNull("split") || !conditions.isArray() || conditions.isEmpty()) {
            return Optional.empty();
        }
        boolean anyOfGroups = conditions.size() == 1 && "or".equals(conditions.get(0).path("type").asText());
        JsonNode items = anyOfGroups ? conditions.get(0).path("conditions") : conditions;
        BuilderForm form = new BuilderForm(catalog, definition.path("name").asText(""), anyOfGroups ? ANY : ALL);
        form.editing = audienceId;
        Group leaves = new Group("g0");
        List<Group> nested = new ArrayList<>();
        for (JsonNode item : items) {
            String type = item.path("type").asText();
            if (type.equals("and") || type.equals("or")) {
                Group g = new Group("nested");
                g.match = type.equals("and") ? ALL : ANY;
                for (JsonNode leaf : item.path("conditions")) {
                    Optional<Row> row = row(leaf);
                    if (row.isEmpty()) {
                        return Optional.empty();
                    }
                    g.rows.add(row.get());
                }
                nested.add(g);
            } else {
                Optional<Row> row = row(item);
                if (row.isEmpty()) {
                    return Optional.empty();
                }
                if (anyOfGroups) {
                    Group single = new Group("single");
                    single.rows.add(row.get());
                    nested.add(single);
                } else {
                    leaves.rows.add(row.get());
                }
            }
        }
        if (!leaves.rows.isEmpty()) {
            form.groups.add(leaves);
        }
        form.groups.addAll(nested);
        if (form.groups.isEmpty() || form.groups.size() > MAX_GROUPS) {
            return Optional.empty();
        }
        // Renumbered; a choice the catalog no longer offers would be replaced, so such a definition is not shown.
        BuilderForm built = form.apply("renumber");
        for (Row row : built.getRows()) {
            Row saved = copyAs(row, row.key);
            built.normalize(row);
            if (!sameChoices(saved, row)) {
                return Optional.empty();
            }
        }
        return Optional.of(built);
    }

    private static boolean sameChoices(Row a, Row b) {
        return java.util.Objects.equals(a.type, b.type) && java.util.Objects.equals(a.column, b.column)
                && java.util.Objects.equals(a.operator, b.operator) && java.util.Objects.equals(a.event, b.event)
                && java.util.Objects.equals(a.countOperator, b.countOperator) && java.util.Objects.equals(a.audience, b.audience);
    }

    /** A leaf condition as a row, or empty when it uses what the builder does not offer. */
    private static Optional<Row> row(JsonNode c) {
        Row row = new Row("loaded");
        row.type = c.path("type").asText();
        switch (row.type) {
            case TRAIT -> {
                row.column = c.path("column").asText(null);
                row.operator = c.path("operator").asText(null);
                JsonNode v = c.get("value");
                if (v == null || v.isNull()) {
                    row.value = "";
                } else if (v.isArray()) {
                    List<String> values = new ArrayList<>();
                    v.forEach(x -> values.add(x.asText()));
                    row.value = String.join(", ", values);
                } else if (v.has("from")) {
                    row.value = v.path("from").asText() + ", " + v.path("to").asText();
                } else if (v.has("amount")) {
                    if (!"days".equals(v.path("unit").asText())) {
                        return Optional.empty();
                    }
                    row.value = v.path("amount").asText();
                } else {
                    row.value = v.asText();
                }
            }
            case EVENT -> {
                if (c.has("where") || c.has("aggregate") || (c.has("window") && !"days".equals(c.path("window").path("last").path("unit").asText()))) {
                    return Optional.empty();
                }
                row.event = c.path("event").asText(null);
                row.countOperator = c.has("count") ? c.path("count").path("operator").asText() : COUNT_OPERATORS.get(0);
                row.count = c.has("count") ? c.path("count").path("value").asText() : "1";
                row.days = c.has("window") ? c.path("window").path("last").path("amount").asText() : "";
            }
            case AUDIENCE -> {
                if (c.has("group")) {
                    return Optional.empty();
                }
                row.operator = c.path("operator").asText(null);
                row.audience = c.path("audience").asText(null);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(row);
    }

    private static boolean hasGroup(Map<String, String> fields, int g) {
        return fields.containsKey("g" + g + ".c0.type");
    }

    /**
     * Applies a structural edit from a button ({@code add:<group>}, {@code remove:<group>:<condition>},
     * {@code add-group}) and answers the builder as it then is, its fields renumbered.
     */
    BuilderForm apply(@Nullable String action) {
        if (action == null) {
            return this;
        }
        String[] parts = action.split(":");
        int group = parts.length > 1 ? index(parts[1]) : -1;
        switch (parts[0]) {
            case "add" -> {
                if (group >= 0 && group < groups.size() && groups.get(group).rows.size() < MAX_CONDITIONS) {
                    groups.get(group).rows.add(normalize(new Row("new")));
                }
            }
            case "remove" -> {
                int row = parts.length > 2 ? index(parts[2]) : -1;
                if (group >= 0 && group < groups.size() && row >= 0 && row < groups.get(group).rows.size()) {
                    groups.get(group).rows.remove(row);
                    if (groups.get(group).rows.isEmpty()) {
                        groups.remove(group);
                    }
                }
            }
            case "add-group" -> {
                if (groups.size() < MAX_GROUPS) {
                    Group g = new Group("new");
                    g.rows.add(normalize(new Row("new")));
                    groups.add(g);
                }
            }
            default -> {
                // an unknown action changes nothing
            }
        }
        BuilderForm renumbered = groups.isEmpty() ? blank(catalog) : new BuilderForm(catalog, name, match);
        renumbered.editing = editing;
        if (groups.isEmpty()) {
            return renumbered;
        }
        for (int g = 0; g < groups.size(); g++) {
            Group copy = new Group("g" + g);
            copy.match = groups.get(g).match;
            List<Row> rows = groups.get(g).rows;
            for (int c = 0; c < rows.size(); c++) {
                Row moved = copyAs(rows.get(c), copy.key + ".c" + c);
                copy.rows.add(moved);
            }
            renumbered.groups.add(copy);
        }
        return renumbered;
    }

    private static int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Row copyAs(Row r, String key) {
        Row c = new Row(key);
        c.type = r.type;
        c.column = r.column;
        c.operator = r.operator;
        c.value = r.value;
        c.event = r.event;
        c.countOperator = r.countOperator;
        c.count = r.count;
        c.days = r.days;
        c.audience = r.audience;
        return c;
    }

    /** Fills every choice the row leaves open (or names wrongly) with the first the catalog offers. */
    private Row normalize(Row row) {
        if (!offers(TYPES, row.type) || (EVENT.equals(row.type) && catalog.events().isEmpty())
                || (AUDIENCE.equals(row.type) && catalog.audiences().isEmpty())) {
            row.type = TRAIT;
        }
        switch (row.type) {
            case TRAIT -> {
                AudienceBuilderCatalog.Trait trait = catalog.traits().stream().filter(t -> t.column().equals(row.column)).findFirst()
                        .orElse(catalog.traits().get(0));
                row.column = trait.column();
                List<String> fitting = operators(trait.type());
                if (!offers(fitting, row.operator)) {
                    // Every type has is_set: a new condition counts something before a value is typed.
                    row.operator = Operator.IS_SET.jsonName();
                }
            }
            case EVENT -> {
                if (catalog.events().stream().noneMatch(e -> e.name().equals(row.event))) {
                    row.event = catalog.events().get(0).name();
                }
                if (!offers(COUNT_OPERATORS, row.countOperator)) {
                    row.countOperator = COUNT_OPERATORS.get(0);
                }
            }
            default -> {
                if (catalog.audiences().stream().noneMatch(a -> a.id().equals(row.audience))) {
                    row.audience = catalog.audiences().get(0).id();
                }
                if (!offers(MEMBERSHIP, row.operator)) {
                    row.operator = MEMBERSHIP.get(0);
                }
            }
        }
        return row;
    }

    private static boolean offers(List<String> choices, @Nullable String chosen) {
        return chosen != null && choices.contains(chosen);
    }

    /** The operators that fit a catalog type name, by their JSON names. */
    static List<String> operators(String type) {
        return Operator.forType(ColumnType.valueOf(type.toUpperCase(Locale.ROOT))).stream().map(Operator::jsonName).toList();
    }

    /** The definition, as the REST API takes it: the groups under one AND, or under an OR when matching any. */
    JsonNode definition() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode def = json.objectNode();
        def.put("name", name.isBlank() ? "Untitled audience" : name.trim());
        ArrayNode top = def.putArray("conditions");
        pointers.clear();
        ArrayNode groupList = top;
        String groupBase = "/conditions/";
        if (ANY.equals(match) && groups.size() > 1) {
            ObjectNode or = top.addObject().put("type", "or");
            groupList = or.putArray("conditions");
            groupBase = "/conditions/0/conditions/";
        }
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            boolean inline = group.rows.size() == 1 || (ALL.equals(group.match) && groupList == top);
            if (inline) {
                for (Row row : group.rows) {
                    pointers.put(groupBase + groupList.size(), row);
                    groupList.add(condition(row));
                }
            } else {
                String at = groupBase + groupList.size() + "/conditions/";
                ArrayNode members = groupList.addObject().put("type", ALL.equals(group.match) ? "and" : "or").putArray("conditions");
                for (Row row : group.rows) {
                    pointers.put(at + members.size(), row);
                    members.add(condition(row));
                }
            }
        }
        return def;
    }

    private ObjectNode condition(Row row) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("type", row.type);
        switch (row.type) {
            case TRAIT -> {
                c.put("column", row.column).put("operator", row.operator);
                Optional.ofNullable(traitValue(row)).ifPresent(v -> c.set("value", v));
            }
            case EVENT -> {
                c.put("event", row.event);
                c.putObject("count").put("operator", row.countOperator).set("value", number(row.count));
                if (!row.days.isBlank()) {
                    c.putObject("window").putObject("last").<ObjectNode>set("amount", number(row.days)).put("unit", "days");
                }
            }
            default -> c.put("operator", row.operator).put("audience", row.audience);
        }
        return c;
    }

    /** The value typed as the trait's column: a list for in/not_in (comma-separated), none for is_set/is_not_set. */
    private JsonNode traitValue(Row row) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String type = catalog.traits().stream().filter(t -> t.column().equals(row.column)).findFirst().orElseThrow().type();
        Operator op = Operator.fromJson(row.operator).orElseThrow();
        return switch (op) {
            case IS_SET, IS_NOT_SET -> null;
            case IN, NOT_IN -> {
                ArrayNode list = json.arrayNode();
                Arrays.stream(row.value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(v -> list.add(scalar(v, type)));
                yield list;
            }
            case BETWEEN -> {
                String[] range = row.value.split(",", 2);
                ObjectNode between = json.objectNode();
                between.set("from", scalar(range[0].trim(), type));
                between.set("to", scalar(range.length > 1 ? range[1].trim() : "", type));
                yield between;
            }
            case WITHIN_LAST, MORE_THAN_AGO -> json.objectNode().<ObjectNode>set("amount", number(row.value)).put("unit", "days");
            default -> row.value.isBlank() ? null : scalar(row.value.trim(), type);
        };
    }

    /** A number or boolean where the column is one and the text reads as one; else the text, for the feature to judge. */
    private static JsonNode scalar(String text, String type) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (type) {
            case "bigint", "integer", "double" -> {
                return number(text);
            }
            case "boolean" -> {
                return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text) ? json.booleanNode(Boolean.parseBoolean(text))
                        : json.textNode(text);
            }
            default -> {
                return json.textNode(text);
            }
        }
    }

    private static JsonNode number(String text) {
        try {
            BigDecimal n = new BigDecimal(text.trim());
            return n.scale() <= 0 ? JsonNodeFactory.instance.numberNode(n.toBigIntegerExact()) : JsonNodeFactory.instance.numberNode(n);
        } catch (NumberFormatException | ArithmeticException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /**
     * Puts each problem next to its condition (the one whose place in the definition its pointer starts with, once
     * {@code base} is taken off: where the definition sat in the request); what belongs to no condition becomes the
     * form's own problem. Call after {@link #definition()}.
     */
    void problems(String message, List<Problem> problems, String base) {
        List<String> general = new ArrayList<>();
        for (Problem p : problems) {
            String path = p.path().startsWith(base) ? p.path().substring(base.length()) : p.path();
            Map.Entry<String, Row> at = pointers.entrySet().stream()
                    .filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey() + "/")).findFirst().orElse(null);
            if (at == null) {
                general.add(path + ": " + p.problem());
                continue;
            }
            // The field inside the condition, as "value" or "count/value", then what is wrong with it.
            String field = path.substring(at.getKey().length()).replaceFirst("^/", "");
            String text = field.isEmpty() ? p.problem() : field + ": " + p.problem();
            Row row = at.getValue();
            row.problem = row.problem == null ? text : row.problem + "; " + text;
        }
        problem = general.isEmpty() && !problems.isEmpty() ? null : general.isEmpty() ? message : String.join("; ", general);
    }

    public String getName() {
        return name;
    }

    public String getMatch() {
        return match;
    }

    public List<Group> getGroups() {
        return groups;
    }

    public List<Row> getRows() {
        return groups.stream().flatMap(g -> g.rows.stream()).toList();
    }

    public String getProblem() {
        return problem;
    }

    public String getEditing() {
        return editing;
    }
}
