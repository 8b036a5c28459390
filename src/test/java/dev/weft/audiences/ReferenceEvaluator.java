package dev.weft.audiences;

import dev.weft.audiences.AudienceTestData.Event;
import dev.weft.audiences.AudienceTestData.Traits;
import dev.weft.audiences.Condition.Comparison;
import dev.weft.audiences.Condition.Value;
import dev.weft.warehouse.ColumnType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The audience semantics written a second time, in plain Java over the generated rows, so SQL results
 * can be checked against an answer that does not come from SQL.
 */
final class ReferenceEvaluator {

    private final AudienceTestData data;
    private final Map<String, Traits> traits;
    private final Map<String, List<Event>> events;
    private final Map<String, List<AudienceTestData.Spell>> history;
    private final Function<String, AudienceDefinition> others;
    private final Map<String, Set<String>> othersMembers = new java.util.HashMap<>();
    /** Where relative windows end. */
    private final LocalDateTime now;

    ReferenceEvaluator(AudienceTestData data, Function<String, AudienceDefinition> others) {
        this(data, others, AudienceTestData.NOW);
    }

    ReferenceEvaluator(AudienceTestData data, Function<String, AudienceDefinition> others, LocalDateTime now) {
        this.data = data;
        this.now = now;
        this.others = others;
        this.traits = data.traits.stream().collect(Collectors.toMap(Traits::profileId, t -> t));
        this.events = data.events.stream().collect(Collectors.groupingBy(Event::profileId));
        this.history = data.history.stream().collect(Collectors.groupingBy(AudienceTestData.Spell::profileId));
    }

    Set<String> members(AudienceDefinition def) {
        return data.profileIds.stream().filter(id -> matches(def.root(), id)).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean matches(Condition c, String id) {
        if (c instanceof Condition.Group g) {
            return g.all() ? g.conditions().stream().allMatch(x -> matches(x, id)) : g.conditions().stream().anyMatch(x -> matches(x, id));
        }
        if (c instanceof Condition.Not n) {
            return !matches(n.condition(), id);
        }
        if (c instanceof Comparison cmp) {
            return compare(trait(traits.get(id), cmp.subject().column()), cmp.subject().type(), cmp.operator(), cmp.value());
        }
        if (c instanceof Condition.Membership m) {
            Set<String> other = othersMembers.get(m.audienceId());
            if (other == null) {
                other = members(others.apply(m.audienceId()));
                othersMembers.put(m.audienceId(), other);
            }
            boolean in = other.contains(id);
            return m.negated() != in;
        }
        if (c instanceof Condition.MembershipHistory h) {
            boolean any = history.getOrDefault(id, List.of()).stream().filter(s -> s.audienceId().equals(h.audienceId()))
                    .anyMatch(s -> switch (h.kind()) {
                        case MEMBER_FOR -> s.exitedAt() == null && !s.enteredAt().isAfter(h.atLeast().before(now));
                        case JOINED -> inWindow(s.enteredAt(), h.window());
                        case LEFT -> s.exitedAt() != null && inWindow(s.exitedAt(), h.window());
                    });
            return h.negated() != any;
        }
        Condition.Event e = (Condition.Event) c;
        List<Event> matching = events.getOrDefault(id, List.of()).stream()
                .filter(ev -> ev.name().equals(e.eventName()))
                .filter(ev -> inWindow(ev.occurredAt(), e.window()))
                .filter(ev -> e.filters().stream().allMatch(f -> compare(eventValue(ev, f), f.subject().type(), f.operator(), f.value())))
                .toList();
        boolean ok = true;
        if (e.count() != null) {
            long n = matching.size();
            ok = switch (e.count().operator()) {
                case AT_LEAST -> n >= e.count().value();
                case AT_MOST -> n <= e.count().value();
                case EXACTLY -> n == e.count().value();
            };
        }
        if (e.aggregate() != null) {
            List<Double> revenues = matching.stream().map(Event::revenue).filter(Objects::nonNull).toList();
            Double agg = switch (e.aggregate().function()) {
                case SUM -> revenues.stream().mapToDouble(d -> d).sum();
                case AVG -> revenues.isEmpty() ? null : revenues.stream().mapToDouble(d -> d).average().orElseThrow();
                case MIN -> revenues.stream().min(Double::compare).orElse(null);
                case MAX -> revenues.stream().max(Double::compare).orElse(null);
            };
            ok = ok && compare(agg, ColumnType.DOUBLE, e.aggregate().operator(), e.aggregate().value());
        }
        return ok;
    }

    private boolean inWindow(LocalDateTime at, Condition.TimeWindow w) {
        if (w == null) {
            return true;
        }
        if (w.last() != null) {
            return !at.isBefore(w.last().before(now));
        }
        return !at.isBefore(w.from()) && at.isBefore(w.toExclusive());
    }

    private static Object eventValue(Event ev, Comparison f) {
        if (f.subject().jsonKey() != null) {
            Object json = switch (f.subject().jsonKey()) {
                case "category" -> ev.category();
                case "qty" -> ev.qty();
                case "gift" -> ev.gift();
                case "shipped_at" -> ev.shippedAt() == null ? null : AudienceTestData.shippedAtText(ev.shippedAt());
                case "amount" -> ev.amount();
                default -> null;
            };
            return typed(json, f.subject().type());
        }
        return switch (f.subject().column()) {
            case "revenue" -> ev.revenue();
            case "occurred_at" -> ev.occurredAt();
            default -> throw new IllegalArgumentException(f.subject().column());
        };
    }

    /**
     * A JSON value read as the property's type, the way the SQL does: as text (JSON writes numbers and booleans as
     * their text), then converted, unset when it does not convert.
     */
    private static Object typed(Object json, ColumnType type) {
        if (json == null) {
            return null;
        }
        String text = json.toString();
        return switch (type) {
            case VARCHAR -> text;
            case DOUBLE -> text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?") ? Double.parseDouble(text) : null;
            case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
            case TIMESTAMP -> DefinitionParser.timestamp(text);
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    private static Object trait(Traits t, String column) {
        if (t == null) {
            return null;
        }
        return switch (column) {
            case "email" -> t.email();
            case "country" -> t.country();
            case "lifetime_value" -> t.lifetimeValue();
            case "order_count" -> t.orderCount();
            case "vip" -> t.vip();
            case "signup_date" -> t.signupDate();
            case "last_order_at" -> t.lastOrderAt();
            default -> throw new IllegalArgumentException(column);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    boolean compare(Object actual, ColumnType type, Operator op, Value v) {
        if (op == Operator.IS_SET) {
            return actual != null;
        }
        if (op == Operator.IS_NOT_SET) {
            return actual == null;
        }
        if (actual == null) {
            return op == Operator.NOT_EQUALS || op == Operator.NOT_IN;
        }
        Comparable a = normalize(actual);
        return switch (op) {
            case EQUALS -> a.compareTo(normalize(v.single())) == 0;
            case NOT_EQUALS -> a.compareTo(normalize(v.single())) != 0;
            case IN -> v.list().stream().anyMatch(x -> a.compareTo(normalize(x)) == 0);
            case NOT_IN -> v.list().stream().noneMatch(x -> a.compareTo(normalize(x)) == 0);
            case CONTAINS -> ((String) a).contains((String) v.single());
            case STARTS_WITH -> ((String) a).startsWith((String) v.single());
            case GREATER_THAN, AFTER -> a.compareTo(normalize(v.single())) > 0;
            case GREATER_THAN_OR_EQUAL -> a.compareTo(normalize(v.single())) >= 0;
            case LESS_THAN, BEFORE -> a.compareTo(normalize(v.single())) < 0;
            case LESS_THAN_OR_EQUAL -> a.compareTo(normalize(v.single())) <= 0;
            case BETWEEN -> a.compareTo(normalize(v.from())) >= 0 && a.compareTo(normalize(v.to())) <= 0;
            case WITHIN_LAST -> a.compareTo(cutoff(type, v)) >= 0;
            case MORE_THAN_AGO -> a.compareTo(cutoff(type, v)) < 0;
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    private Comparable<?> cutoff(ColumnType type, Value v) {
        return type == ColumnType.DATE ? v.period().before(now.toLocalDate()) : v.period().before(now);
    }

    /** Numbers compare as doubles (a BIGINT column against a bound long, a DOUBLE against a double). */
    @SuppressWarnings("rawtypes")
    private static Comparable normalize(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof LocalDate || o instanceof LocalDateTime || o instanceof String || o instanceof Boolean) {
            return (Comparable) o;
        }
        throw new IllegalArgumentException(String.valueOf(o));
    }
}
