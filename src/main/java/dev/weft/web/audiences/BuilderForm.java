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
 * any of its conditions (or, negated, none of them), the groups combined with all or any, and an optional
 * split. Every choice is one the catalog offers (a trait, an operator that fits its type, an event and its
 * properties, an audience and its split groups); a field left empty or naming nothing the catalog has takes
 * the first choice (a trait's operator: is_set), so the definition sent to the audiences feature is always the
 * one the page shows. {@link #definition()} writes it as the condition tree the REST API takes, remembering
 * where each condition went, so the feature's problems (JSON Pointers) come back next to their condition.
 *
 * <p>Fields: {@code name}, {@code match}, {@code g<i>.match}, {@code g<i>.negate}, and per condition
 * {@code g<i>.c<j>.type} ({@code trait}, {@code event}, {@code audience}) with
 * {@code .column .operator .value .unit} for a trait;
 * {@code .event .count_operator .count .window .days .unit .from .to}, property filters
 * {@code .f<k>.property .f<k>.operator .f<k>.value .f<k>.unit} and {@code .aggregate .aggregate_property
 * .aggregate_operator .aggregate_value} for an event; {@code .operator .audience .group .days .unit .window .from .to}
 * for an audience (days: for_at_least with in / not_in, the window with joined / left). A split:
 * {@code split.name}, {@code split.g<k>.name}, {@code split.g<k>.percent}.
 */
public final class BuilderForm {

    static final String TRAIT = "trait";
    static final String EVENT = "event";
    static final String AUDIENCE = "audience";
    static final List<String> TYPES = List.of(TRAIT, EVENT, AUDIENCE);
    static final List<String> COUNT_OPERATORS = List.of("at_least", "at_most", "exactly");
    /** With an aggregate, the count may be left out: any number of events whose aggregate fits. */
    static final String ANY_COUNT = "any";
    static final List<String> MEMBERSHIP = List.of("in", "not_in", "joined", "left");
    static final List<String> UNITS = List.of("days", "weeks", "months");
    static final String LAST = "last";
    static final String BETWEEN = "between";
    static final List<String> AGGREGATES = List.of("sum", "avg", "min", "max");
    /** What an aggregate compares with (the definition language refuses is_set, is_not_set, in, not_in there). */
    static final List<String> AGGREGATE_OPERATORS = List.of("greater_than", "greater_than_or_equal", "less_than",
            "less_than_or_equal", "equals", "not_equals", "between");
    private static final String ALL = "all";
    private static final String ANY = "any";
    private static final int MAX_GROUPS = 10;
    private static final int MAX_CONDITIONS = 20;
    private static final int MAX_FILTERS = 10;
    private static final int MAX_SPLIT_GROUPS = 20;

    /** A filter on the event's properties: property, operator and value, as a trait condition has them. */
    public static final class Filter {
        final String key;
        String property;
        String operator;
        String value = "";
        String unit = UNITS.get(0);

        Filter(String key) {
            this.key = key;
        }

        public String getKey() {
            return key;
        }

        public String getId() {
            return key.replace('.', '-');
        }

        public String getProperty() {
            return property;
        }

        public String getOperator() {
            return operator;
        }

        public String getValue() {
            return value;
        }

        public String getUnit() {
            return unit;
        }
    }

    /** One condition as the page shows it; {@code key} is its field prefix, {@code problem} what is wrong with it. */
    public static final class Row {
        final String key;
        String type;
        String column;
        String operator;
        String value = "";
        String unit = UNITS.get(0);
        String event;
        String countOperator;
        String count = "1";
        String window = LAST;
        String days = "";
        String from = "";
        String to = "";
        final List<Filter> filters = new ArrayList<>();
        String aggregate = "";
        String aggregateProperty;
        String aggregateOperator;
        String aggregateValue = "";
        String audience;
        String group = "";
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

        public String getUnit() {
            return unit;
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

        public String getWindow() {
            return window;
        }

        public String getDays() {
            return days;
        }

        public String getFrom() {
            return from;
        }

        public String getTo() {
            return to;
        }

        public List<Filter> getFilters() {
            return filters;
        }

        public String getAggregate() {
            return aggregate;
        }

        public String getAggregateProperty() {
            return aggregateProperty;
        }

        public String getAggregateOperator() {
            return aggregateOperator;
        }

        public String getAggregateValue() {
            return aggregateValue;
        }

        public String getAudience() {
            return audience;
        }

        public String getGroup() {
            return group;
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

    /** A group of conditions that match all or any, or (negated) not all / none of them. */
    public static final class Group {
        final String key;
        String match = ALL;
        boolean negate;
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

        public boolean isNegate() {
            return negate;
        }

        public List<Row> getRows() {
            return rows;
        }
    }

    /** A split group: its name and percentage, as typed. */
    public static final class SplitGroup {
        final String key;
        String name;
        String percent;

        SplitGroup(String key, String name, String percent) {
            this.key = key;
            this.name = name;
            this.percent = percent;
        }

        public String getKey() {
            return key;
        }

        public String getId() {
            return key.replace('.', '-');
        }

        public String getName() {
            return name;
        }

        public String getPercent() {
            return percent;
        }
    }

    /** A split of the audience's members by percentage: its name and groups (null on the form: no split). */
    public static final class SplitForm {
        String name;
        final List<SplitGroup> groups = new ArrayList<>();

        public String getName() {
            return name;
        }

        public List<SplitGroup> getGroups() {
            return groups;
        }
    }

    private final AudienceBuilderCatalog.Catalog catalog;
    private final String name;
    private final String match;
    private final List<Group> groups = new ArrayList<>();
    private SplitForm split;
    /** Where each condition went in the definition (its JSON Pointer), once built. */
    private final Map<String, Row> pointers = new LinkedHashMap<>();
    private String problem;
    private String splitProblem;
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
            group.negate = fields.containsKey(group.key + ".negate");
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
                row.unit = fields.get(key + ".unit");
                row.event = fields.get(key + ".event");
                row.countOperator = fields.get(key + ".count_operator");
                row.count = fields.getOrDefault(key + ".count", "1");
                row.window = fields.get(key + ".window");
                row.days = fields.getOrDefault(key + ".days", "");
                row.from = fields.getOrDefault(key + ".from", "");
                row.to = fields.getOrDefault(key + ".to", "");
                for (int f = 0; f < MAX_FILTERS && fields.containsKey(key + ".f" + f + ".property"); f++) {
                    Filter filter = new Filter(key + ".f" + f);
                    filter.property = fields.get(filter.key + ".property");
                    filter.operator = fields.get(filter.key + ".operator");
                    filter.value = fields.getOrDefault(filter.key + ".value", "");
                    filter.unit = fields.get(filter.key + ".unit");
                    row.filters.add(filter);
                }
                row.aggregate = fields.getOrDefault(key + ".aggregate", "");
                row.aggregateProperty = fields.get(key + ".aggregate_property");
                row.aggregateOperator = fields.get(key + ".aggregate_operator");
                row.aggregateValue = fields.getOrDefault(key + ".aggregate_value", "");
                row.audience = fields.get(key + ".audience");
                row.group = fields.getOrDefault(key + ".group", "");
                group.rows.add(form.normalize(row));
            }
            if (!group.rows.isEmpty()) {
                form.groups.add(group);
            }
        }
        if (fields.containsKey("split.name")) {
            form.split = new SplitForm();
            form.split.name = fields.get("split.name");
            for (int k = 0; k < MAX_SPLIT_GROUPS && fields.containsKey("split.g" + k + ".name"); k++) {
                form.split.groups.add(new SplitGroup("split.g" + k, fields.get("split.g" + k + ".name"),
                        fields.getOrDefault("split.g" + k + ".percent", "")));
            }
        }
        if (form.groups.isEmpty()) {
            BuilderForm blank = blank(catalog);
            blank.editing = form.editing;
            blank.split = form.split;
            return blank;
        }
        return form;
    }

    /**
     * The builder holding a saved definition, to save as its next version; empty when the definition has what the
     * builder cannot show (see docs/web.md: groups nested deeper than a group of conditions, list values holding
     * a comma, choices the catalog no longer offers), which is then changed through the API or its file.
     */
    static Optional<BuilderForm> of(AudienceBuilderCatalog.Catalog catalog, String audienceId, JsonNode definition) {
        JsonNode conditions = definition.path("conditions");
        if (!conditions.isArray() || conditions.isEmpty()) {
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
            boolean negate = type.equals("not");
            JsonNode inner = negate ? item.path("condition") : item;
            String innerType = inner.path("type").asText();
            if (innerType.equals("and") || innerType.equals("or")) {
                Group g = new Group("nested");
                g.match = innerType.equals("and") ? ALL : ANY;
                g.negate = negate;
                for (JsonNode leaf : inner.path("conditions")) {
                    Optional<Row> row = row(leaf);
                    if (row.isEmpty()) {
                        return Optional.empty();
                    }
                    g.rows.add(row.get());
                }
                if (g.rows.isEmpty()) {
                    return Optional.empty();
                }
                nested.add(g);
            } else {
                Optional<Row> row = row(inner);
                if (row.isEmpty()) {
                    return Optional.empty();
                }
                if (anyOfGroups || negate) {
                    Group single = new Group("single");
                    single.negate = negate;
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
        if (form.groups.isEmpty() || form.groups.size() > MAX_GROUPS || form.groups.stream().anyMatch(g -> g.rows.size() > MAX_CONDITIONS)) {
            return Optional.empty();
        }
        JsonNode split = definition.path("split");
        if (split.isObject()) {
            form.split = new SplitForm();
            form.split.name = split.path("name").asText("");
            for (JsonNode g : split.path("groups")) {
                form.split.groups.add(new SplitGroup("loaded", g.path("name").asText(""), g.path("percent").asText("")));
            }
        }
        // Renumbered; a choice the catalog no longer offers would be replaced, so such a definition is not shown.
        BuilderForm built = form.apply("renumber");
        for (Row row : built.getRows()) {
            String saved = choicesOf(row);
            built.normalize(row);
            if (!saved.equals(choicesOf(row))) {
                return Optional.empty();
            }
        }
        return Optional.of(built);
    }

    /** Every choice of a row made from a list (not what was typed), to tell whether normalizing changed one. */
    private static String choicesOf(Row r) {
        StringBuilder s = new StringBuilder(String.join("|", Arrays.asList(r.type, r.column, r.operator, r.unit, r.event,
                r.countOperator, r.window, r.aggregate, r.aggregateProperty, r.aggregateOperator, r.audience, r.group)));
        r.filters.forEach(f -> s.append('|').append(f.property).append('|').append(f.operator).append('|').append(f.unit));
        return s.toString();
    }

    /** A leaf condition as a row, or empty when it uses what the builder does not offer. */
    private static Optional<Row> row(JsonNode c) {
        Row row = new Row("loaded");
        row.type = c.path("type").asText();
        switch (row.type) {
            case TRAIT -> {
                row.column = c.path("column").asText(null);
                row.operator = c.path("operator").asText(null);
                String[] typed = typedValue(c.get("value"));
                if (typed == null) {
                    return Optional.empty();
                }
                row.value = typed[0];
                row.unit = typed[1];
            }
            case EVENT -> {
                row.event = c.path("event").asText(null);
                for (JsonNode w : c.path("where")) {
                    Filter f = new Filter("loaded");
                    f.property = w.path("property").asText(null);
                    f.operator = w.path("operator").asText(null);
                    String[] typed = typedValue(w.get("value"));
                    if (typed == null) {
                        return Optional.empty();
                    }
                    f.value = typed[0];
                    f.unit = typed[1];
                    row.filters.add(f);
                }
                JsonNode aggregate = c.path("aggregate");
                if (aggregate.isObject()) {
                    row.aggregate = aggregate.path("function").asText("");
                    row.aggregateProperty = aggregate.path("property").asText(null);
                    row.aggregateOperator = aggregate.path("operator").asText(null);
                    String[] typed = typedValue(aggregate.get("value"));
                    if (typed == null) {
                        return Optional.empty();
                    }
                    row.aggregateValue = typed[0];
                }
                if (c.has("count")) {
                    row.countOperator = c.path("count").path("operator").asText();
                    row.count = c.path("count").path("value").asText();
                } else {
                    row.countOperator = aggregate.isObject() ? ANY_COUNT : COUNT_OPERATORS.get(0);
                }
                if (!window(c.path("window"), row)) {
                    return Optional.empty();
                }
            }
            case AUDIENCE -> {
                row.operator = c.path("operator").asText(null);
                row.audience = c.path("audience").asText(null);
                row.group = c.path("group").asText("");
                JsonNode atLeast = c.path("for_at_least");
                if (atLeast.isObject()) {
                    row.days = atLeast.path("amount").asText();
                    row.unit = atLeast.path("unit").asText();
                }
                if (!window(c.path("window"), row)) {
                    return Optional.empty();
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(row);
    }

    /** Reads a window ({last: period} or {between: {from, to}}) into the row; false when it cannot be shown. */
    private static boolean window(JsonNode w, Row row) {
        if (w.isMissingNode() || w.isNull()) {
            return true;
        }
        if (w.has("last")) {
            row.window = LAST;
            row.days = w.path("last").path("amount").asText();
            row.unit = w.path("last").path("unit").asText();
            return true;
        }
        row.window = BETWEEN;
        row.from = w.path("between").path("from").asText();
        row.to = w.path("between").path("to").asText();
        return !row.from.contains(",") && !row.to.contains(",");
    }

    /**
     * A comparison's value as the page types it, with its unit for a period: a list comma-separated, a range "from, to",
     * a period's amount; null when a comma inside a value would read back as two.
     */
    private static String[] typedValue(@Nullable JsonNode v) {
        if (v == null || v.isNull()) {
            return new String[]{"", UNITS.get(0)};
        }
        if (v.isArray()) {
            List<String> values = new ArrayList<>();
            v.forEach(x -> values.add(x.asText()));
            return values.stream().anyMatch(x -> x.contains(",")) ? null : new String[]{String.join(", ", values), UNITS.get(0)};
        }
        if (v.has("from")) {
            String from = v.path("from").asText();
            String to = v.path("to").asText();
            return from.contains(",") || to.contains(",") ? null : new String[]{from + ", " + to, UNITS.get(0)};
        }
        if (v.has("amount")) {
            return new String[]{v.path("amount").asText(), v.path("unit").asText()};
        }
        return new String[]{v.asText(), UNITS.get(0)};
    }

    private static boolean hasGroup(Map<String, String> fields, int g) {
        return fields.containsKey("g" + g + ".c0.type");
    }

    /**
     * Applies a structural edit from a button ({@code add:<group>}, {@code remove:<group>:<condition>},
     * {@code add-group}, {@code add-filter:<group>:<condition>}, {@code remove-filter:<group>:<condition>:<filter>},
     * {@code add-split}, {@code remove-split}, {@code add-split-group}, {@code remove-split-group:<group>}) and
     * answers the builder as it then is, its fields renumbered.
     */
    BuilderForm apply(@Nullable String action) {
        if (action == null) {
            return this;
        }
        String[] parts = action.split(":");
        int group = parts.length > 1 ? index(parts[1]) : -1;
        Row target = group >= 0 && group < groups.size() && parts.length > 2 && index(parts[2]) >= 0
                && index(parts[2]) < groups.get(group).rows.size() ? groups.get(group).rows.get(index(parts[2])) : null;
        switch (parts[0]) {
            case "add" -> {
                if (group >= 0 && group < groups.size() && groups.get(group).rows.size() < MAX_CONDITIONS) {
                    groups.get(group).rows.add(normalize(new Row("new")));
                }
            }
            case "remove" -> {
                if (target != null) {
                    groups.get(group).rows.remove(target);
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
            case "add-filter" -> {
                if (target != null && EVENT.equals(target.type) && target.filters.size() < MAX_FILTERS
                        && !properties(target.event).isEmpty()) {
                    target.filters.add(new Filter("new"));
                    normalize(target);
                }
            }
            case "remove-filter" -> {
                int filter = parts.length > 3 ? index(parts[3]) : -1;
                if (target != null && filter >= 0 && filter < target.filters.size()) {
                    target.filters.remove(filter);
                }
            }
            case "add-split" -> {
                if (split == null) {
                    split = new SplitForm();
                    split.name = "holdout_test";
                    split.groups.add(new SplitGroup("new", "treatment", "90"));
                    split.groups.add(new SplitGroup("new", "holdout", "10"));
                }
            }
            case "remove-split" -> split = null;
            case "add-split-group" -> {
                if (split != null && split.groups.size() < MAX_SPLIT_GROUPS) {
                    split.groups.add(new SplitGroup("new", "group_" + (split.groups.size() + 1), ""));
                }
            }
            case "remove-split-group" -> {
                if (split != null && group >= 0 && group < split.groups.size()) {
                    split.groups.remove(group);
                }
            }
            default -> {
                // an unknown action changes nothing
            }
        }
        BuilderForm renumbered = groups.isEmpty() ? blank(catalog) : new BuilderForm(catalog, name, match);
        renumbered.editing = editing;
        if (split != null) {
            renumbered.split = new SplitForm();
            renumbered.split.name = split.name;
            for (int k = 0; k < split.groups.size(); k++) {
                SplitGroup g = split.groups.get(k);
                renumbered.split.groups.add(new SplitGroup("split.g" + k, g.name, g.percent));
            }
        }
        if (groups.isEmpty()) {
            return renumbered;
        }
        for (int g = 0; g < groups.size(); g++) {
            Group copy = new Group("g" + g);
            copy.match = groups.get(g).match;
            copy.negate = groups.get(g).negate;
            List<Row> rows = groups.get(g).rows;
            for (int c = 0; c < rows.size(); c++) {
                copy.rows.add(copyAs(rows.get(c), copy.key + ".c" + c));
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
        c.unit = r.unit;
        c.event = r.event;
        c.countOperator = r.countOperator;
        c.count = r.count;
        c.window = r.window;
        c.days = r.days;
        c.from = r.from;
        c.to = r.to;
        for (int f = 0; f < r.filters.size(); f++) {
            Filter from = r.filters.get(f);
            Filter to = new Filter(key + ".f" + f);
            to.property = from.property;
            to.operator = from.operator;
            to.value = from.value;
            to.unit = from.unit;
            c.filters.add(to);
        }
        c.aggregate = r.aggregate;
        c.aggregateProperty = r.aggregateProperty;
        c.aggregateOperator = r.aggregateOperator;
        c.aggregateValue = r.aggregateValue;
        c.audience = r.audience;
        c.group = r.group;
        return c;
    }

    /** Fills every choice the row leaves open (or names wrongly) with the first the catalog offers. */
    private Row normalize(Row row) {
        if (!offers(TYPES, row.type) || (EVENT.equals(row.type) && catalog.events().isEmpty())
                || (AUDIENCE.equals(row.type) && catalog.audiences().isEmpty())) {
            row.type = TRAIT;
        }
        if (!offers(UNITS, row.unit)) {
            row.unit = UNITS.get(0);
        }
        if (!LAST.equals(row.window) && !BETWEEN.equals(row.window)) {
            row.window = LAST;
        }
        switch (row.type) {
            case TRAIT -> {
                AudienceBuilderCatalog.Trait trait = catalog.traits().stream().filter(t -> t.column().equals(row.column)).findFirst()
                        .orElse(catalog.traits().get(0));
                row.column = trait.column();
                if (!offers(operators(trait.type()), row.operator)) {
                    // Every type has is_set: a new condition counts something before a value is typed.
                    row.operator = Operator.IS_SET.jsonName();
                }
            }
            case EVENT -> {
                if (catalog.events().stream().noneMatch(e -> e.name().equals(row.event))) {
                    row.event = catalog.events().get(0).name();
                }
                List<AudienceBuilderCatalog.Property> properties = properties(row.event);
                if (properties.isEmpty()) {
                    row.filters.clear();
                }
                for (Filter f : row.filters) {
                    AudienceBuilderCatalog.Property p = properties.stream().filter(x -> x.name().equals(f.property)).findFirst()
                            .orElse(properties.get(0));
                    f.property = p.name();
                    if (!offers(operators(p.type()), f.operator)) {
                        f.operator = Operator.IS_SET.jsonName();
                    }
                    if (!offers(UNITS, f.unit)) {
                        f.unit = UNITS.get(0);
                    }
                }
                if (!offers(AGGREGATES, row.aggregate) || catalog.aggregateProperties().isEmpty()) {
                    row.aggregate = "";
                }
                if (!row.aggregate.isEmpty()) {
                    if (!offers(catalog.aggregateProperties(), row.aggregateProperty)) {
                        row.aggregateProperty = catalog.aggregateProperties().get(0);
                    }
                    if (!offers(AGGREGATE_OPERATORS, row.aggregateOperator)) {
                        row.aggregateOperator = AGGREGATE_OPERATORS.get(0);
                    }
                }
                boolean anyCount = ANY_COUNT.equals(row.countOperator) && !row.aggregate.isEmpty();
                if (!anyCount && !offers(COUNT_OPERATORS, row.countOperator)) {
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
                if (row.group == null || !splitGroups(row.audience).contains(row.group)) {
                    row.group = "";
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

    /** The properties a filter of the event may name (none for an event the catalog does not have). */
    List<AudienceBuilderCatalog.Property> properties(@Nullable String event) {
        return catalog.events().stream().filter(e -> e.name().equals(event)).findFirst()
                .map(AudienceBuilderCatalog.Event::properties).orElse(List.of());
    }

    /** The split groups of an audience a membership condition may name (none: it has no split). */
    List<String> splitGroups(@Nullable String audience) {
        return catalog.audiences().stream().filter(a -> a.id().equals(audience) && a.splitGroups() != null).findFirst()
                .map(AudienceBuilderCatalog.AudienceChoice::splitGroups).orElse(List.of());
    }

    /**
     * The definition, as the REST API takes it: the groups under one AND, or under an OR when matching any; a
     * negated group under a NOT; the split, when there is one.
     */
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
        for (Group group : groups) {
            String at = groupBase + groupList.size();
            ArrayNode list = groupList;
            if (group.negate) {
                ObjectNode not = groupList.addObject().put("type", "not");
                list = json.arrayNode();
                at = at + "/condition";
                if (group.rows.size() == 1) {
                    pointers.put(at, group.rows.get(0));
                    not.set("condition", condition(group.rows.get(0)));
                    continue;
                }
                ObjectNode inner = not.putObject("condition").put("type", ALL.equals(group.match) ? "and" : "or");
                inner.set("conditions", list);
                at = at + "/conditions/";
            } else if (group.rows.size() == 1 || (ALL.equals(group.match) && groupList == top)) {
                for (Row row : group.rows) {
                    pointers.put(groupBase + groupList.size(), row);
                    groupList.add(condition(row));
                }
                continue;
            } else {
                list = groupList.addObject().put("type", ALL.equals(group.match) ? "and" : "or").putArray("conditions");
                at = at + "/conditions/";
            }
            for (Row row : group.rows) {
                pointers.put(at + list.size(), row);
                list.add(condition(row));
            }
        }
        if (split != null) {
            ObjectNode s = def.putObject("split").put("name", split.name == null ? "" : split.name.trim());
            ArrayNode list = s.putArray("groups");
            for (SplitGroup g : split.groups) {
                list.addObject().put("name", g.name == null ? "" : g.name.trim()).set("percent", number(g.percent == null ? "" : g.percent));
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
                String type = catalog.traits().stream().filter(t -> t.column().equals(row.column)).findFirst().orElseThrow().type();
                Optional.ofNullable(comparisonValue(row.operator, row.value, row.unit, type)).ifPresent(v -> c.set("value", v));
            }
            case EVENT -> {
                c.put("event", row.event);
                if (!row.filters.isEmpty()) {
                    ArrayNode where = c.putArray("where");
                    List<AudienceBuilderCatalog.Property> properties = properties(row.event);
                    for (Filter f : row.filters) {
                        ObjectNode filter = where.addObject().put("property", f.property).put("operator", f.operator);
                        String type = properties.stream().filter(p -> p.name().equals(f.property)).findFirst().orElseThrow().type();
                        Optional.ofNullable(comparisonValue(f.operator, f.value, f.unit, type)).ifPresent(v -> filter.set("value", v));
                    }
                }
                if (!ANY_COUNT.equals(row.countOperator)) {
                    c.putObject("count").put("operator", row.countOperator).set("value", number(row.count));
                }
                window(row).ifPresent(w -> c.set("window", w));
                if (!row.aggregate.isEmpty()) {
                    ObjectNode a = c.putObject("aggregate").put("function", row.aggregate).put("property", row.aggregateProperty)
                            .put("operator", row.aggregateOperator);
                    Optional.ofNullable(comparisonValue(row.aggregateOperator, row.aggregateValue, UNITS.get(0), "double"))
                            .ifPresent(v -> a.set("value", v));
                }
            }
            default -> {
                c.put("operator", row.operator).put("audience", row.audience);
                boolean history = "joined".equals(row.operator) || "left".equals(row.operator);
                if (!row.group.isEmpty()) {
                    c.put("group", row.group);
                }
                if (history) {
                    window(row).ifPresent(w -> c.set("window", w));
                } else if (!row.days.isBlank()) {
                    c.putObject("for_at_least").<ObjectNode>set("amount", number(row.days)).put("unit", row.unit);
                }
            }
        }
        return c;
    }

    /** The row's window: the last N units (none when no amount is typed: all time) or between two dates. */
    private static Optional<JsonNode> window(Row row) {
        ObjectNode w = JsonNodeFactory.instance.objectNode();
        if (BETWEEN.equals(row.window)) {
            w.putObject("between").put("from", row.from.trim()).put("to", row.to.trim());
            return Optional.of(w);
        }
        if (row.days.isBlank()) {
            return Optional.empty();
        }
        w.putObject("last").<ObjectNode>set("amount", number(row.days)).put("unit", row.unit);
        return Optional.of(w);
    }

    /**
     * A value typed for a comparison with a column of {@code type}: a list for in / not_in (comma-separated), a range for
     * between ("from, to"), a period for within_last / more_than_ago, none for is_set / is_not_set.
     */
    private static JsonNode comparisonValue(String operator, String value, String unit, String type) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Operator op = Operator.fromJson(operator).orElseThrow();
        return switch (op) {
            case IS_SET, IS_NOT_SET -> null;
            case IN, NOT_IN -> {
                ArrayNode list = json.arrayNode();
                Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(v -> list.add(scalar(v, type)));
                yield list;
            }
            case BETWEEN -> {
                String[] range = value.split(",", 2);
                ObjectNode between = json.objectNode();
                between.set("from", scalar(range[0].trim(), type));
                between.set("to", scalar(range.length > 1 ? range[1].trim() : "", type));
                yield between;
            }
            case WITHIN_LAST, MORE_THAN_AGO -> json.objectNode().<ObjectNode>set("amount", number(value)).put("unit", unit);
            default -> value.isBlank() ? null : scalar(value.trim(), type);
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
     * {@code base} is taken off: where the definition sat in the request), a split's under the split; what belongs to
     * neither becomes the form's own problem. Call after {@link #definition()}.
     */
    void problems(String message, List<Problem> problems, String base) {
        List<String> general = new ArrayList<>();
        List<String> splitProblems = new ArrayList<>();
        for (Problem p : problems) {
            String path = p.path().startsWith(base) ? p.path().substring(base.length()) : p.path();
            if (path.equals("/split") || path.startsWith("/split/")) {
                splitProblems.add(path.equals("/split") ? p.problem() : path.substring("/split/".length()) + ": " + p.problem());
                continue;
            }
            // The longest pointer the path starts with: a NOT's own pointer is a prefix of its condition's.
            Map.Entry<String, Row> at = pointers.entrySet().stream()
                    .filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey() + "/"))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).orElse(null);
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
        splitProblem = splitProblems.isEmpty() ? null : String.join("; ", splitProblems);
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

    public SplitForm getSplit() {
        return split;
    }

    public String getProblem() {
        return problem;
    }

    public String getSplitProblem() {
        return splitProblem;
    }

    public String getEditing() {
        return editing;
    }

    /** The traits model's columns, as the catalog lists them. */
    List<String> traitColumns() {
        return catalog.traits().stream().map(AudienceBuilderCatalog.Trait::column).toList();
    }

    /** The split groups of the row's audience, which a membership condition may name (none: it has no split). */
    public List<String> groupsOf(Row row) {
        return splitGroups(row.audience);
    }
}
