package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.audiences.Condition.Aggregate;
import dev.weft.audiences.Condition.AggregateFunction;
import dev.weft.audiences.Condition.Comparison;
import dev.weft.audiences.Condition.CountOperator;
import dev.weft.audiences.Condition.CountRule;
import dev.weft.audiences.Condition.Period;
import dev.weft.audiences.Condition.Subject;
import dev.weft.audiences.Condition.TimeWindow;
import dev.weft.audiences.Condition.Unit;
import dev.weft.audiences.Condition.Value;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.Problem;
import dev.weft.definitions.Suggestions;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.TableInfo;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a JSON audience definition into a validated {@link AudienceDefinition}, checking every field
 * against the warehouse catalogue before any SQL exists. All problems are collected, each with the JSON
 * Pointer of the offending node, and reported together as one {@link InvalidAudienceException}.
 */
final class DefinitionParser {

    /** How deep and/or/not groups nest, and how many conditions a tree holds: bounds on what one preview costs. */
    static final int MAX_DEPTH = 10;
    static final int MAX_CONDITIONS = 50;
    /** Values of an in / not_in list. */
    static final int MAX_LIST = 1000;
    static final int MAX_TEXT = 1000;
    /** Keys of the events' JSON properties: plain names only, and still bound, never pasted. */
    static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,50}");

    private final AudienceSchema schema;
    private final List<Problem> errors = new ArrayList<>();
    private int conditions;

    private DefinitionParser(AudienceSchema schema) {
        this.schema = schema;
    }

    /**
     * Parses a definition found at {@code base} (a JSON Pointer prefix, "" for a whole body).
     *
     * @throws InvalidAudienceException listing every problem
     */
    static AudienceDefinition parse(JsonNode node, String base, AudienceSchema schema, boolean nameRequired) {
        DefinitionParser p = new DefinitionParser(schema);
        List<Problem> nul = JsonChecks.nulCharacters(node, base);
        if (!nul.isEmpty()) {
            // Before anything else: no engine stores it in text, and Postgres fails the statement on it.
            throw new InvalidAudienceException("the audience definition holds the NUL character", nul);
        }
        AudienceDefinition def = p.definition(node, base, nameRequired);
        if (!p.errors.isEmpty()) {
            throw new InvalidAudienceException("the audience definition is invalid (" + p.errors.size() + " problem"
                    + (p.errors.size() == 1 ? "" : "s") + ")", p.errors);
        }
        return def;
    }

    private AudienceDefinition definition(JsonNode node, String at, boolean nameRequired) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("name", "description", "conditions", "split"));
        String name = text(node.get("name"), at + "/name", nameRequired, 200);
        String description = text(node.get("description"), at + "/description", false, MAX_TEXT);
        List<Condition> conditions = List.of();
        JsonNode list = node.get("conditions");
        if (list != null && !list.isNull()) {
            conditions = conditionList(list, at + "/conditions", 1);
        }
        Split split = node.hasNonNull("split") ? split(node.get("split"), at + "/split") : null;
        return new AudienceDefinition(name, description, conditions, split);
    }

    private List<Condition> conditionList(JsonNode list, String at, int depth) {
        if (!list.isArray()) {
            error(at, "must be an array of conditions");
            return List.of();
        }
        if (list.size() > MAX_CONDITIONS) {
            error(at, "has " + list.size() + " conditions; a definition holds at most " + MAX_CONDITIONS);
            return List.of();
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Condition c = condition(list.get(i), at + "/" + i, depth);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Condition condition(JsonNode node, String at, int depth) {
        if (!isObject(node, at)) {
            return null;
        }
        if (depth > MAX_DEPTH) {
            error(at, "conditions are nested more than " + MAX_DEPTH + " levels deep");
            return null;
        }
        if (++conditions > MAX_CONDITIONS) {
            if (conditions == MAX_CONDITIONS + 1) {
                error(at, "is condition " + conditions + " of the definition (nested ones count too); a definition holds at most "
                        + MAX_CONDITIONS);
            }
            return null;
        }
        String type = text(node.get("type"), at + "/type", true, 50);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "and", "or" -> {
                fields(node, at, Set.of("type", "conditions"));
                JsonNode children = node.get("conditions");
                if (children == null) {
                    error(at + "/conditions", "is required for an '" + type + "' group");
                    yield null;
                }
                yield new Condition.Group(at, type.equals("and"), conditionList(children, at + "/conditions", depth + 1));
            }
            case "not" -> {
                fields(node, at, Set.of("type", "condition"));
                JsonNode child = node.get("condition");
                if (child == null) {
                    error(at + "/condition", "is required for a 'not' group");
                    yield null;
                }
                Condition inner = condition(child, at + "/condition", depth + 1);
                yield inner == null ? null : new Condition.Not(at, inner);
            }
            case "trait" -> trait(node, at);
            case "event" -> event(node, at);
            case "audience" -> membership(node, at);
            default -> {
                error(at + "/type", "unknown condition type '" + type + "': one of and, or, not, trait, event, audience");
                yield null;
            }
        };
    }

    private Condition trait(JsonNode node, String at) {
        fields(node, at, Set.of("type", "column", "operator", "value"));
        String column = text(node.get("column"), at + "/column", true, 200);
        if (column == null) {
            return null;
        }
        TableInfo.ColumnInfo info = schema.traits().column(column).orElse(null);
        if (info == null || info.name().equals(AudienceSchema.PROFILE_ID)) {
            error(at + "/column", "no column '" + column + "' in the traits model " + schema.traits().name()
                    + Suggestions.didYouMean(column, schema.traitColumns().stream()
                            .filter(c -> !c.equals(AudienceSchema.PROFILE_ID)).toList())
                    + " (columns: " + columnNames(schema.traits(), null) + ")");
            return null;
        }
        return comparison(node, at, Subject.column(info.name(), info.type()));
    }

    /** Operator and value of a comparison on a known subject. */
    private Comparison comparison(JsonNode node, String at, Subject subject) {
        String kind = subject.jsonKey() == null ? "a " + subject.type().name().toLowerCase(Locale.ROOT) + " column"
                : "property '" + subject.jsonKey() + "' (a " + PropertyTypes.name(subject.type()) + ")";
        Operator op = operator(node.get("operator"), at + "/operator", subject.type(), kind);
        if (op == null) {
            return null;
        }
        Value value = value(op, node.get("value"), at + "/value", subject.type());
        return value == null ? null : new Comparison(at, subject, op, value);
    }

    /** The operator, when it fits {@code kind} ("a double column") of that type. */
    private Operator operator(JsonNode node, String at, ColumnType type, String kind) {
        String name = text(node, at, true, 50);
        if (name == null) {
            return null;
        }
        Set<Operator> fitting = Operator.forType(type);
        Operator op = Operator.fromJson(name).orElse(null);
        if (op == null || !fitting.contains(op)) {
            error(at, (op == null ? "unknown operator '" + name + "'" : "operator '" + name + "' does not fit "
                    + kind) + ": one of "
                    + fitting.stream().map(Operator::jsonName).collect(Collectors.joining(", ")));
            return null;
        }
        return op;
    }

    private Value value(Operator op, JsonNode node, String at, ColumnType type) {
        boolean missing = node == null || node.isNull();
        switch (op) {
            case IS_SET, IS_NOT_SET -> {
                if (!missing) {
                    error(at, "'" + op.jsonName() + "' takes no value");
                    return null;
                }
                return Value.none();
            }
            default -> {
                if (missing) {
                    error(at, "is required for '" + op.jsonName() + "'");
                    return null;
                }
            }
        }
        return switch (op) {
            case IN, NOT_IN -> {
                if (!node.isArray() || node.isEmpty() || node.size() > MAX_LIST) {
                    error(at, "must be an array of 1 to " + MAX_LIST + " values");
                    yield null;
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    values.add(scalar(node.get(i), at + "/" + i, type));
                }
                yield values.contains(null) ? null : new Value(null, values, null, null, null);
            }
            case BETWEEN -> {
                if (!isObject(node, at)) {
                    yield null;
                }
                fields(node, at, Set.of("from", "to"));
                Object from = required(node, "from", at, type);
                Object to = required(node, "to", at, type);
                if (from == null || to == null) {
                    yield null;
                }
                if (type == ColumnType.TIMESTAMP && node.get("to").asText().length() == 10) {
                    // A date-only upper bound includes that whole day.
                    to = ((LocalDateTime) to).plusDays(1).minusNanos(1000);
                }
                @SuppressWarnings({"unchecked", "rawtypes"})
                int order = ((Comparable) from).compareTo(to);
                if (order > 0) {
                    error(at, "'from' is after 'to': the range is empty");
                    yield null;
                }
                yield new Value(null, null, from, to, null);
            }
            case WITHIN_LAST, MORE_THAN_AGO -> {
                Period p = period(node, at);
                yield p == null ? null : new Value(null, null, null, null, p);
            }
            default -> {
                Object v = scalar(node, at, type);
                yield v == null ? null : new Value(v, null, null, null, null);
            }
        };
    }

    private Object required(JsonNode node, String field, String at, ColumnType type) {
        if (!node.hasNonNull(field)) {
            error(at + "/" + field, "is required");
            return null;
        }
        return scalar(node.get(field), at + "/" + field, type);
    }

    /** A single value of the column's type, or null after recording why it cannot be one. */
    private Object scalar(JsonNode node, String at, ColumnType type) {
        switch (type) {
            case VARCHAR -> {
                if (!node.isTextual()) {
                    error(at, "must be a string");
                    return null;
                }
                if (node.asText().length() > MAX_TEXT) {
                    error(at, "is longer than " + MAX_TEXT + " characters");
                    return null;
                }
                return node.asText();
            }
            case BIGINT, INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    error(at, "must be a whole number (the column is " + type.name().toLowerCase(Locale.ROOT) + ")");
                    return null;
                }
                return node.asLong();
            }
            case DOUBLE -> {
                if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                    error(at, "must be a number");
                    return null;
                }
                return node.asDouble();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    error(at, "must be true or false");
                    return null;
                }
                return node.asBoolean();
            }
            case TIMESTAMP -> {
                LocalDateTime t = node.isTextual() ? timestamp(node.asText()) : null;
                if (t == null) {
                    error(at, "must be a date (2025-01-31) or a timestamp (2025-01-31T12:00:00Z)");
                }
                return t;
            }
            case DATE -> {
                LocalDateTime t = node.isTextual() ? timestamp(node.asText()) : null;
                if (t == null) {
                    error(at, "must be a date (2025-01-31)");
                    return null;
                }
                return t.toLocalDate();
            }
            default -> {
                error(at, "cannot compare a " + type.name().toLowerCase(Locale.ROOT) + " column with a value");
                return null;
            }
        }
    }

    /** UTC wall-clock time of an ISO date or timestamp, or null when it is neither (or out of range). */
    static LocalDateTime timestamp(String text) {
        try {
            LocalDateTime t;
            if (text.length() == 10) {
                t = LocalDate.parse(text).atStartOfDay();
            } else if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                t = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } else {
                t = LocalDateTime.parse(text);
            }
            return t.getYear() < 1 || t.getYear() > 9999 ? null : t;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private Period period(JsonNode node, String at) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("amount", "unit"));
        String unitName = text(node.get("unit"), at + "/unit", true, 20);
        Unit unit = null;
        if (unitName != null) {
            unit = Arrays.stream(Unit.values()).filter(u -> u.name().toLowerCase(Locale.ROOT).equals(unitName)).findFirst()
                    .orElse(null);
            if (unit == null) {
                error(at + "/unit", "unknown unit '" + unitName + "': one of days, weeks, months");
            }
        }
        // At most a century back: further is not a period but a mistake (and leaves the engines' date range).
        long max = unit == Unit.WEEKS ? 5_200 : unit == Unit.MONTHS ? 1_200 : 36_500;
        JsonNode amount = node.get("amount");
        Long n = null;
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 1
                || amount.asLong() > max) {
            error(at + "/amount", "must be a whole number from 1 to " + max + (unit == null ? "" : " (" + unitName + ")"));
        } else {
            n = amount.asLong();
        }
        return n == null || unit == null ? null : new Period(n, unit);
    }

    private Condition event(JsonNode node, String at) {
        fields(node, at, Set.of("type", "event", "where", "count", "window", "aggregate"));
        String name = text(node.get("event"), at + "/event", true, 200);
        if (name != null && !schema.eventNames().contains(name)) {
            error(at + "/event", "no event named '" + name + "' in the events model " + schema.events().name()
                    + Suggestions.didYouMean(name, schema.eventNames()) + " (events: " + schema.eventNames().stream().sorted().collect(Collectors.joining(", ")) + ")");
            name = null;
        }
        List<Comparison> filters = new ArrayList<>();
        JsonNode where = node.get("where");
        if (where != null && !where.isNull()) {
            if (!where.isArray() || where.size() > 100) {
                error(at + "/where", "must be an array of at most 100 property filters");
            } else {
                for (int i = 0; i < where.size(); i++) {
                    Comparison c = propertyFilter(where.get(i), at + "/where/" + i, name);
                    if (c != null) {
                        filters.add(c);
                    }
                }
            }
        }
        CountRule count = node.hasNonNull("count") ? count(node.get("count"), at + "/count") : null;
        TimeWindow window = node.hasNonNull("window") ? window(node.get("window"), at + "/window") : null;
        Aggregate aggregate = node.hasNonNull("aggregate") ? aggregate(node.get("aggregate"), at + "/aggregate") : null;
        if (count == null && !node.hasNonNull("count") && aggregate == null) {
            count = new CountRule(CountOperator.AT_LEAST, 1);
        }
        boolean failed = name == null || filters.size() != (where == null || !where.isArray() ? 0 : where.size())
                || (node.hasNonNull("count") && count == null) || (node.hasNonNull("window") && window == null)
                || (node.hasNonNull("aggregate") && aggregate == null);
        return failed ? null : new Condition.Event(at, name, filters, count, window, aggregate);
    }

    /** A filter of event {@code eventName} (null when unknown: its JSON keys compare as text). */
    private Comparison propertyFilter(JsonNode node, String at, String eventName) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("property", "operator", "value"));
        String property = text(node.get("property"), at + "/property", true, 200);
        if (property == null) {
            return null;
        }
        TableInfo.ColumnInfo column = schema.events().column(property).orElse(null);
        Subject subject;
        if (column != null && !Set.of(AudienceSchema.PROFILE_ID, AudienceSchema.EVENT_NAME, AudienceSchema.PROPERTIES)
                .contains(column.name())) {
            subject = Subject.column(column.name(), column.type());
        } else if (schema.propertiesColumn().isPresent() && PROPERTY_KEY.matcher(property).matches()
                && column == null) {
            subject = Subject.jsonKey(schema.propertiesColumn().get().name(), property,
                    eventName == null ? ColumnType.VARCHAR : schema.propertyType(eventName, property));
        } else {
            error(at + "/property", "'" + property + "' is neither a column of the events model " + schema.events().name()
                    + " (" + columnNames(schema.events(), Set.of(AudienceSchema.EVENT_NAME, AudienceSchema.PROPERTIES))
                    + ") nor a property name (letters, digits, underscores)");
            return null;
        }
        return comparison(node, at, subject);
    }

    private CountRule count(JsonNode node, String at) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("operator", "value"));
        String op = text(node.get("operator"), at + "/operator", true, 20);
        CountOperator operator = null;
        if (op != null) {
            operator = Arrays.stream(CountOperator.values()).filter(o -> o.name().toLowerCase(Locale.ROOT).equals(op))
                    .findFirst().orElse(null);
            if (operator == null) {
                error(at + "/operator", "unknown count operator '" + op + "': one of at_least, at_most, exactly");
            }
        }
        JsonNode value = node.get("value");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            error(at + "/value", "must be a whole number, 0 or more");
            return null;
        }
        return operator == null ? null : new CountRule(operator, value.asLong());
    }

    private TimeWindow window(JsonNode node, String at) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("last", "between"));
        if (node.has("last") == node.has("between")) {
            error(at, "needs exactly one of 'last' or 'between'");
            return null;
        }
        if (node.has("last")) {
            Period p = period(node.get("last"), at + "/last");
            return p == null ? null : new TimeWindow(p, null, null);
        }
        Value range = value(Operator.BETWEEN, node.get("between"), at + "/between", ColumnType.TIMESTAMP);
        if (range == null) {
            return null;
        }
        return new TimeWindow(null, (LocalDateTime) range.from(), ((LocalDateTime) range.to()).plusNanos(1000));
    }

    private Aggregate aggregate(JsonNode node, String at) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("function", "property", "operator", "value"));
        String fn = text(node.get("function"), at + "/function", true, 20);
        AggregateFunction function = null;
        if (fn != null) {
            function = Arrays.stream(AggregateFunction.values()).filter(f -> f.name().toLowerCase(Locale.ROOT).equals(fn))
                    .findFirst().orElse(null);
            if (function == null) {
                error(at + "/function", "unknown aggregate '" + fn + "': one of sum, avg, min, max");
            }
        }
        String property = text(node.get("property"), at + "/property", true, 200);
        if (property == null) {
            return null;
        }
        TableInfo.ColumnInfo column = schema.events().column(property).orElse(null);
        if (column == null || !AudienceSchema.aggregatable(column)) {
            error(at + "/property", "'" + property + "' is not a numeric column of the events model " + schema.events().name());
            return null;
        }
        Operator op = operator(node.get("operator"), at + "/operator", ColumnType.DOUBLE, "an aggregate");
        if (op == Operator.IS_SET || op == Operator.IS_NOT_SET || op == Operator.IN || op == Operator.NOT_IN) {
            error(at + "/operator", "an aggregate compares with equals, not_equals, greater_than(_or_equal), "
                    + "less_than(_or_equal) or between");
            return null;
        }
        Value value = op == null ? null : value(op, node.get("value"), at + "/value", ColumnType.DOUBLE);
        return function == null || value == null ? null : new Aggregate(function, column.name(), op, value);
    }

    private Condition membership(JsonNode node, String at) {
        fields(node, at, Set.of("type", "operator", "audience", "group", "for_at_least", "window"));
        String op = text(node.get("operator"), at + "/operator", true, 20);
        if (op != null && !Set.of("in", "not_in", "joined", "left").contains(op)) {
            error(at + "/operator", "unknown membership operator '" + op + "': one of in, not_in, joined, left");
            op = null;
        }
        String audience = text(node.get("audience"), at + "/audience", true, 200);
        String group = text(node.get("group"), at + "/group", false, 50);
        boolean history = "joined".equals(op) || "left".equals(op) || node.has("for_at_least");
        if (history && node.has("group")) {
            error(at + "/group", "membership history is kept per audience, not per split group: no group with "
                    + (node.has("for_at_least") ? "for_at_least" : op));
        }
        if ("joined".equals(op) || "left".equals(op)) {
            if (node.has("for_at_least")) {
                error(at + "/for_at_least", "applies only to the operators in and not_in");
            }
            if (!node.hasNonNull("window")) {
                error(at + "/window", "is required with " + op + ": {\"last\": {\"amount\": 7, \"unit\": \"days\"}} or {\"between\": ...}");
                return null;
            }
            TimeWindow window = window(node.get("window"), at + "/window");
            return audience == null || window == null ? null : new Condition.MembershipHistory(at, audience,
                    op.equals("joined") ? Condition.HistoryKind.JOINED : Condition.HistoryKind.LEFT, false, null, window);
        }
        if (op != null && node.has("window")) {
            error(at + "/window", "applies only to the operators joined and left");
        }
        if (node.has("for_at_least")) {
            Period atLeast = period(node.get("for_at_least"), at + "/for_at_least");
            return op == null || audience == null || atLeast == null ? null : new Condition.MembershipHistory(at, audience,
                    Condition.HistoryKind.MEMBER_FOR, op.equals("not_in"), atLeast, null);
        }
        return op == null || audience == null ? null : new Condition.Membership(at, audience, op.equals("not_in"), group);
    }

    private Split split(JsonNode node, String at) {
        if (!isObject(node, at)) {
            return null;
        }
        fields(node, at, Set.of("name", "groups"));
        String name = text(node.get("name"), at + "/name", true, 50);
        JsonNode groups = node.get("groups");
        if (groups == null || !groups.isArray() || groups.size() < 2 || groups.size() > 20) {
            error(at + "/groups", "must be an array of 2 to 20 groups");
            return null;
        }
        List<Split.Group> out = new ArrayList<>();
        int total = 0;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            String g = at + "/groups/" + i;
            JsonNode group = groups.get(i);
            if (!isObject(group, g)) {
                continue;
            }
            fields(group, g, Set.of("name", "percent"));
            String groupName = text(group.get("name"), g + "/name", true, 50);
            if (groupName != null && !GROUP_NAME.matcher(groupName).matches()) {
                error(g + "/name", "must be 1 to 50 letters, digits, '-' or '_'");
                groupName = null;
            } else if (groupName != null && names.contains(groupName)) {
                error(g + "/name", "group '" + groupName + "' is named twice");
                groupName = null;
            }
            JsonNode pct = group.get("percent");
            if (pct == null || !pct.isIntegralNumber() || pct.asLong() < 1 || pct.asLong() > 99) {
                error(g + "/percent", "must be a whole number from 1 to 99");
                continue;
            }
            total += pct.asInt();
            if (groupName != null) {
                names.add(groupName);
                out.add(new Split.Group(groupName, pct.asInt()));
            }
        }
        if (out.size() == groups.size() && total != 100) {
            error(at + "/groups", "percentages add up to " + total + ", not 100");
            return null;
        }
        return name == null || out.size() != groups.size() ? null : new Split(name, out);
    }

    // -- small helpers --------------------------------------------------------------------------

    private boolean isObject(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            error(at, "must be a JSON object");
            return false;
        }
        return true;
    }

    private void fields(JsonNode node, String at, Set<String> allowed) {
        errors.addAll(unknownFields(node, at, allowed));
    }

    /** A problem for each member of {@code node} not in {@code allowed}, naming the allowed ones. */
    static List<Problem> unknownFields(JsonNode node, String at, Set<String> allowed) {
        return JsonChecks.unknownMembers(node, at, allowed, "unknown field; allowed here: "
                + allowed.stream().sorted().collect(Collectors.joining(", ")));
    }

    private String text(JsonNode node, String at, boolean required, int maxLength) {
        if (node == null || node.isNull()) {
            if (required) {
                error(at, "is required");
            }
            return null;
        }
        if (!node.isTextual() || (required && node.asText().isBlank())) {
            error(at, "must be a non-empty string");
            return null;
        }
        if (node.asText().length() > maxLength) {
            error(at, "is longer than " + maxLength + " characters");
            return null;
        }
        return node.asText();
    }

    private static String columnNames(TableInfo table, Set<String> excluded) {
        return table.columns().stream().map(TableInfo.ColumnInfo::name)
                .filter(n -> !n.equals(AudienceSchema.PROFILE_ID) && (excluded == null || !excluded.contains(n)))
                .collect(Collectors.joining(", "));
    }

    private void error(String at, String problem) {
        errors.add(new Problem(at.isEmpty() ? "/" : at, problem));
    }
}
