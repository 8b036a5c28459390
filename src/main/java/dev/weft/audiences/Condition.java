package dev.weft.audiences;

import dev.weft.warehouse.ColumnType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One node of a validated audience condition tree. Every node keeps the JSON Pointer it came from, so
 * errors found after parsing (a membership cycle) still point at the offending node. Column and event
 * names here have already matched the warehouse catalogue; values are typed and only ever bound.
 */
public sealed interface Condition {

    String pointer();

    /** {@code and} / {@code or} over child conditions; an empty {@code and} is true, an empty {@code or} false. */
    record Group(String pointer, boolean all, List<Condition> conditions) implements Condition {
    }

    record Not(String pointer, Condition condition) implements Condition {
    }

    /** A comparison on a column of the traits model (or, inside an event's filters, of the events model). */
    record Comparison(String pointer, Subject subject, Operator operator, Value value) implements Condition {
    }

    /** Profiles whose matching events satisfy a count and, optionally, an aggregate over a numeric column. */
    record Event(String pointer, String eventName, List<Comparison> filters, CountRule count, TimeWindow window,
                 Aggregate aggregate) implements Condition {
    }

    /** Profiles in (or not in) another audience, optionally only one group of its split. */
    record Membership(String pointer, String audienceId, boolean negated, String group) implements Condition {
    }

    /**
     * From an audience's membership history (each spell a profile spent in it, as materialized): a member
     * now for at least {@code atLeast} ({@link HistoryKind#MEMBER_FOR}), or one who joined or left it within
     * {@code window}; {@code negated} for {@code not_in} with {@code for_at_least}.
     */
    record MembershipHistory(String pointer, String audienceId, HistoryKind kind, boolean negated, Period atLeast,
                             TimeWindow window) implements Condition {
    }

    enum HistoryKind { MEMBER_FOR, JOINED, LEFT }

    /** What a comparison reads: a catalogue column, or a key inside the events model's JSON properties column. */
    record Subject(String column, ColumnType type, String jsonKey) {
        static Subject column(String name, ColumnType type) {
            return new Subject(name, type, null);
        }

        /** A JSON key read as {@code type}: VARCHAR, or DOUBLE, BOOLEAN, TIMESTAMP cast (a value that does not convert is unset). */
        static Subject jsonKey(String propertiesColumn, String key, ColumnType type) {
            return new Subject(propertiesColumn, type, key);
        }
    }

    /**
     * A typed operand: one value (String, Long, Double, Boolean, LocalDate or LocalDateTime), a list (in / not in),
     * a range (between, both ends inclusive), or a relative period (within the last / more than ago).
     */
    record Value(Object single, List<Object> list, Object from, Object to, Period period) {
        static Value none() {
            return new Value(null, null, null, null, null);
        }
    }

    enum Unit { DAYS, WEEKS, MONTHS }

    record Period(long amount, Unit unit) {
        /** The instant {@code amount units} before {@code now}. */
        LocalDateTime before(LocalDateTime now) {
            return switch (unit) {
                case DAYS -> now.minusDays(amount);
                case WEEKS -> now.minusWeeks(amount);
                case MONTHS -> now.minusMonths(amount);
            };
        }

        LocalDate before(LocalDate today) {
            return before(today.atStartOfDay()).toLocalDate();
        }
    }

    enum CountOperator { AT_LEAST, AT_MOST, EXACTLY }

    record CountRule(CountOperator operator, long value) {
    }

    /** Either the last {@code period} before now, or the inclusive range {@code from..to}; null fields mean no bound. */
    record TimeWindow(Period last, LocalDateTime from, LocalDateTime toExclusive) {
    }

    enum AggregateFunction { SUM, AVG, MIN, MAX }

    record Aggregate(AggregateFunction function, String column, Operator operator, Value value) {
    }
}
