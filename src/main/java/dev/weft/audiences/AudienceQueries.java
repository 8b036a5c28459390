package dev.weft.audiences;

import dev.weft.audiences.Condition.Comparison;
import dev.weft.audiences.Condition.CountRule;
import dev.weft.audiences.Condition.Value;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import org.jooq.AggregateFunction;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.RenderOptionalKeyword;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Builds every statement the audiences feature runs in a warehouse, with jOOQ, for one engine.
 *
 * <p>Safety: identifiers come only from the {@link AudienceSchema} (the warehouse catalogue) and from
 * Weft's own table names, each passed through the engine's {@link Dialect#ident}; every value from a
 * definition is a bind ({@link DSL#val}). The few constructs that differ between engines (substring
 * tests, JSON property access, hashing) are templates from the {@link Dialect}, as is the jOOQ dialect
 * to render with ({@link Dialect#jooqDialect}): jOOQ's open-source edition has no Snowflake or BigQuery
 * dialect, so those render through jOOQ's Postgres dialect, which only emits the portable core (select,
 * joins, case, coalesce, count/sum/avg/min/max, in, mod, limit) for these queries; golden tests pin the result.
 *
 * <p>Semantics: every leaf predicate is two-valued (never SQL NULL), so {@code not} is exact: positive
 * comparisons are false on an unset value, {@code not_equals}/{@code not_in} are true on it.
 */
public final class AudienceQueries {

    public static final String MEMBERS_TABLE = "weft_audience_members";
    public static final String STAGING_TABLE = "weft_audience_staging";
    public static final String PROFILES_TABLE = "weft_profiles";
    /** One row per spell a profile spent in an audience: entered_at, and exited_at once it left (null while a member). */
    public static final String HISTORY_TABLE = "weft_audience_history";
    /**
     * Audience references one compilation resolves, each inlining that audience's whole query (those inside
     * the referenced audiences count, and a reference made twice counts twice): a bound on the statement's size.
     */
    static final int MAX_MEMBERSHIPS = 20;

    private final Dialect dialect;
    private final DSLContext dsl;
    private final AudienceSchema schema;
    private final LocalDateTime now;

    /** Looks up another audience by ID for membership conditions. */
    public interface Resolver {
        Optional<AudienceDefinition> find(String audienceId);
    }

    /** A statement ready to run: SQL text with {@code ?} markers and the values to bind, in order. */
    public record Rendered(String sql, List<Object> binds) {
    }

    public AudienceQueries(Dialect dialect, AudienceSchema schema, LocalDateTime now) {
        this.dialect = dialect;
        this.schema = schema;
        this.now = now;
        this.dsl = DSL.using(dialect.jooqDialect(), new Settings()
                .withParamCastMode(ParamCastMode.NEVER)
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withRenderOptionalAsKeywordForFieldAliases(RenderOptionalKeyword.ON)
                .withRenderOptionalAsKeywordForTableAliases(RenderOptionalKeyword.ON)
                .withRenderFormatted(true));
    }

    /** Where this compiler's relative windows end (a bind value of the statements, never SQL text). */
    public Instant asOf() {
        return now.toInstant(ZoneOffset.UTC);
    }

    public Rendered render(Query query) {
        return new Rendered(dsl.render(query), dsl.extractBindValues(query));
    }

    // -- the members query ---------------------------------------------------------------------

    /** {@code SELECT profile_id, split_group} of an audience's members (split_group null without a split). */
    public Select<?> members(String audienceId, AudienceDefinition definition, Resolver resolver) {
        Deque<String> path = new ArrayDeque<>();
        path.push(audienceId);
        return new Compilation(resolver, path).members(audienceId, definition);
    }

    private final class Compilation {
        private final Resolver resolver;
        private final Deque<String> path;
        private int aliases;
        private int memberships;
        /** The membership node of the definition being compiled that led into other audiences: where errors point. */
        private String entry;

        Compilation(Resolver resolver, Deque<String> path) {
            this.resolver = resolver;
            this.path = path;
        }

        Select<?> members(String audienceId, AudienceDefinition definition) {
            String t = "t" + next();
            if (falseWithoutTraits(definition.root())) {
                // Only profiles with a traits row can match: drive from the traits model and keep the
                // profiles that exist (a semi-join), cheaper than joining every profile to its traits.
                String p = "p" + next();
                Field<Object> profileId = col(t, AudienceSchema.PROFILE_ID);
                Condition where = predicate(definition.root(), t, t).and(profileId.isNotNull())
                        .and(profileId.in(dsl.select(col(p, AudienceSchema.PROFILE_ID)).from(table(PROFILES_TABLE, p))));
                return dsl.select(List.of(profileId.as(name(AudienceSchema.PROFILE_ID)),
                                splitGroup(audienceId, definition.split(), profileId).as(name("split_group"))))
                        .from(table(schema.traits().name(), t)).where(where);
            }
            String p = "p" + next();
            Field<Object> profileId = col(p, AudienceSchema.PROFILE_ID);
            Condition where = predicate(definition.root(), p, t).and(profileId.isNotNull());
            SelectJoinStep<Record> select = dsl.select(List.of(profileId.as(name(AudienceSchema.PROFILE_ID)),
                            splitGroup(audienceId, definition.split(), profileId).as(name("split_group"))))
                    .from(table(PROFILES_TABLE, p))
                    .leftJoin(table(schema.traits().name(), t)).on(col(t, AudienceSchema.PROFILE_ID).eq(profileId));
            return select.where(where);
        }

        private Condition predicate(dev.weft.audiences.Condition c, String p, String t) {
            if (c instanceof dev.weft.audiences.Condition.Group g) {
                List<Condition> parts = new ArrayList<>();
                for (dev.weft.audiences.Condition child : g.conditions()) {
                    parts.add(predicate(child, p, t));
                }
                return g.all() ? DSL.and(parts) : (parts.isEmpty() ? DSL.falseCondition() : DSL.or(parts));
            }
            if (c instanceof dev.weft.audiences.Condition.Not n) {
                return DSL.not(predicate(n.condition(), p, t));
            }
            if (c instanceof Comparison cmp) {
                return comparison(field(t, cmp.subject()), cmp.subject().type(), cmp.operator(), cmp.value());
            }
            if (c instanceof dev.weft.audiences.Condition.Event e) {
                return event(e, col(p, AudienceSchema.PROFILE_ID));
            }
            if (c instanceof dev.weft.audiences.Condition.Membership m) {
                return membership(m, col(p, AudienceSchema.PROFILE_ID));
            }
            if (c instanceof dev.weft.audiences.Condition.MembershipHistory h) {
                return history(h, col(p, AudienceSchema.PROFILE_ID));
            }
            throw new IllegalStateException("unknown condition " + c);
        }

        /**
         * An event condition as a semi-join (or anti-join) on the events grouped by profile: profiles
         * with no matching event are decided by evaluating the rule for "no events" here, in Java, so
         * {@code exactly 0} or {@code sum(revenue) < 100} include them without an outer join.
         */
        private Condition event(dev.weft.audiences.Condition.Event e, Field<Object> outerProfileId) {
            String ev = "ev" + next();
            Field<Object> profileId = col(ev, AudienceSchema.PROFILE_ID);
            Condition where = col(ev, AudienceSchema.EVENT_NAME).eq(DSL.val(e.eventName())).and(profileId.isNotNull());
            if (e.window() != null) {
                where = where.and(within(col(ev, AudienceSchema.OCCURRED_AT), e.window()));
            }
            for (Comparison f : e.filters()) {
                where = where.and(comparison(field(ev, f.subject()), f.subject().type(), f.operator(), f.value()));
            }
            Condition rule = DSL.trueCondition();
            if (e.count() != null) {
                rule = rule.and(count(DSL.count().coerce(Object.class), e.count()));
            }
            if (e.aggregate() != null) {
                Field<Object> column = col(ev, e.aggregate().column());
                Field<Object> agg = switch (e.aggregate().function()) {
                    case SUM -> DSL.coalesce(DSL.sum(column.coerce(Double.class)).coerce(Object.class), DSL.inline((Object) 0));
                    case AVG -> DSL.avg(column.coerce(Double.class)).coerce(Object.class);
                    case MIN -> DSL.min(column);
                    case MAX -> DSL.max(column);
                };
                rule = rule.and(comparison(agg, ColumnType.DOUBLE, e.aggregate().operator(), e.aggregate().value()));
            }
            boolean noEventsMatch = matchesWithoutEvents(e);
            @SuppressWarnings("unchecked")
            Select<? extends org.jooq.Record1<Object>> ids = (Select<? extends org.jooq.Record1<Object>>) (Select<?>) dsl
                    .select(profileId).from(table(schema.events().name(), ev)).where(where).groupBy(profileId)
                    .having(noEventsMatch ? DSL.not(rule) : rule);
            return noEventsMatch ? outerProfileId.notIn(ids) : outerProfileId.in(ids);
        }

        private Condition membership(dev.weft.audiences.Condition.Membership m, Field<Object> profileId) {
            boolean top = path.size() == 1;
            if (top) {
                entry = m.pointer();
            }
            String at = entry + "/audience";
            String via = top ? "" : " (through audience '" + path.peek() + "')";
            if (path.contains(m.audienceId())) {
                List<String> cycle = new ArrayList<>(path);
                java.util.Collections.reverse(cycle);
                cycle.add(m.audienceId());
                throw new InvalidAudienceException("audiences refer to each other in a cycle",
                        List.of(new Problem(at, "membership cycle: " + String.join(" -> ", cycle))));
            }
            if (++memberships > MAX_MEMBERSHIPS) {
                throw new InvalidAudienceException("the definition refers to too many audiences", List.of(new Problem(at,
                        "resolving audience memberships" + via + " reaches more than " + MAX_MEMBERSHIPS + " audience references"
                                + " (counting those inside the audiences referred to): the query would be too large")));
            }
            AudienceDefinition other = resolver.find(m.audienceId()).orElseThrow(() -> new InvalidAudienceException(
                    "unknown audience", List.of(new Problem(at,
                            "no audience with id '" + m.audienceId() + "'" + via))));
            if (m.group() != null && (other.split() == null
                    || other.split().groups().stream().noneMatch(g -> g.name().equals(m.group())))) {
                throw new InvalidAudienceException("unknown split group", List.of(new Problem(top ? m.pointer() + "/group" : at,
                        "audience '" + m.audienceId() + "' has no split group '" + m.group() + "'" + via)));
            }
            path.push(m.audienceId());
            Select<?> inner = members(m.audienceId(), other);
            path.pop();
            String alias = "m" + next();
            Table<?> innerTable = inner.asTable(name(alias));
            Select<?> ids = m.group() == null
                    ? dsl.select(col(alias, AudienceSchema.PROFILE_ID)).from(innerTable)
                    : dsl.select(col(alias, AudienceSchema.PROFILE_ID)).from(innerTable).where(col(alias, "split_group").eq(DSL.val(m.group())));
            @SuppressWarnings("unchecked")
            Select<? extends org.jooq.Record1<Object>> typed = (Select<? extends org.jooq.Record1<Object>>) ids;
            return m.negated() ? profileId.notIn(typed) : profileId.in(typed);
        }

        /**
         * A semi-join (anti-join for not_in) on the audience's membership history: spells still open and begun
         * at least the period ago, or begun (joined) or ended (left) within the window.
         */
        private Condition history(dev.weft.audiences.Condition.MembershipHistory h, Field<Object> profileId) {
            boolean top = path.size() == 1;
            if (resolver.find(h.audienceId()).isEmpty()) {
                throw new InvalidAudienceException("unknown audience", List.of(new Problem((top ? h.pointer() : entry) + "/audience",
                        "no audience with id '" + h.audienceId() + "'" + (top ? "" : " (through audience '" + path.peek() + "')"))));
            }
            String alias = "h" + next();
            Field<Object> pid = col(alias, AudienceSchema.PROFILE_ID);
            Field<Object> entered = col(alias, "entered_at");
            Field<Object> exited = col(alias, "exited_at");
            Condition where = col(alias, "audience_id").eq(DSL.val((Object) h.audienceId())).and(pid.isNotNull());
            where = switch (h.kind()) {
                case MEMBER_FOR -> where.and(exited.isNull()).and(entered.le(DSL.val(h.atLeast().before(now))));
                case JOINED -> where.and(within(entered, h.window()));
                case LEFT -> where.and(exited.isNotNull()).and(within(exited, h.window()));
            };
            @SuppressWarnings("unchecked")
            Select<? extends org.jooq.Record1<Object>> ids = (Select<? extends org.jooq.Record1<Object>>) (Select<?>) dsl
                    .select(pid).from(table(HISTORY_TABLE, alias)).where(where);
            return h.negated() ? profileId.notIn(ids) : profileId.in(ids);
        }

        private int next() {
            return ++aliases;
        }
    }

    /** A time inside the window: the last period before now, or from..to (exclusive end). */
    private Condition within(Field<Object> at, dev.weft.audiences.Condition.TimeWindow window) {
        if (window.last() != null) {
            return at.ge(DSL.val(window.last().before(now)));
        }
        return at.ge(DSL.val(window.from())).and(at.lt(DSL.val(window.toExclusive())));
    }

    /** A profile's split group: buckets 0..99 from a hash of audience ID and profile ID, cut at cumulative percentages. */
    private Field<?> splitGroup(String audienceId, Split split, Field<Object> profileId) {
        if (split == null) {
            return DSL.field("CAST(NULL AS " + dialect.typeName(ColumnType.VARCHAR) + ")", String.class);
        }
        return splitCase(split, bucket(audienceId, profileId));
    }

    /** 0..99 for a profile in an audience: the same on every run of the same engine. */
    public Field<Long> bucket(String audienceId, Field<?> profileId) {
        // Plain concatenation: profile IDs are text already, and jOOQ's concat would add a cast named per jOOQ dialect.
        Field<String> key = DSL.field("({0} || ':' || {1})", String.class, DSL.val(audienceId), profileId);
        Field<Long> hash = DSL.field(dialect.hash64("{0}"), Long.class, key);
        return hash.mod(DSL.inline(100L)).plus(DSL.inline(100L)).mod(DSL.inline(100L));
    }

    private Field<String> splitCase(Split split, Field<Long> bucket) {
        int upper = 0;
        CaseConditionStep<String> cases = null;
        for (Split.Group g : split.groups()) {
            upper += g.percent();
            Condition in = bucket.lt(DSL.inline((long) upper));
            cases = cases == null ? DSL.when(in, DSL.val(g.name())) : cases.when(in, DSL.val(g.name()));
        }
        return cases;
    }

    /**
     * Whether the condition is certainly false for a profile without a traits row (every trait unset):
     * then the traits model can drive the query. Conservative: events, memberships and {@code not} say no.
     */
    static boolean falseWithoutTraits(dev.weft.audiences.Condition c) {
        if (c instanceof dev.weft.audiences.Condition.Comparison cmp) {
            return !cmp.operator().matchesUnset();
        }
        if (c instanceof dev.weft.audiences.Condition.Group g) {
            return g.all() ? g.conditions().stream().anyMatch(AudienceQueries::falseWithoutTraits)
                    : g.conditions().stream().allMatch(AudienceQueries::falseWithoutTraits);
        }
        return false;
    }

    /** Whether a profile with no matching event satisfies the event condition (count 0, sum 0, other aggregates unset). */
    static boolean matchesWithoutEvents(dev.weft.audiences.Condition.Event e) {
        boolean ok = true;
        if (e.count() != null) {
            long v = e.count().value();
            ok = switch (e.count().operator()) {
                case AT_LEAST -> v <= 0;
                case AT_MOST -> true;
                case EXACTLY -> v == 0;
            };
        }
        if (e.aggregate() != null) {
            Double empty = e.aggregate().function() == dev.weft.audiences.Condition.AggregateFunction.SUM ? 0.0 : null;
            ok = ok && holds(empty, e.aggregate().operator(), e.aggregate().value());
        }
        return ok;
    }

    /** {@link #comparison} evaluated on one number (null: unset), for the aggregate operators. */
    private static boolean holds(Double x, Operator op, Value v) {
        if (x == null) {
            return op == Operator.NOT_EQUALS;
        }
        double a = ((Number) (v.single() != null ? v.single() : 0)).doubleValue();
        return switch (op) {
            case EQUALS -> x == a;
            case NOT_EQUALS -> x != a;
            case GREATER_THAN -> x > a;
            case GREATER_THAN_OR_EQUAL -> x >= a;
            case LESS_THAN -> x < a;
            case LESS_THAN_OR_EQUAL -> x <= a;
            case BETWEEN -> x >= ((Number) v.from()).doubleValue() && x <= ((Number) v.to()).doubleValue();
            default -> throw new IllegalStateException("not an aggregate operator: " + op);
        };
    }

    private Condition count(Field<Object> n, CountRule rule) {
        Field<Object> v = DSL.val((Object) rule.value());
        return switch (rule.operator()) {
            case AT_LEAST -> n.ge(v);
            case AT_MOST -> n.le(v);
            case EXACTLY -> n.eq(v);
        };
    }

    /** A two-valued comparison (see the class comment). */
    private Condition comparison(Field<Object> f, ColumnType type, Operator op, Value v) {
        Condition set = f.isNotNull();
        return switch (op) {
            case EQUALS -> set.and(f.eq(DSL.val(v.single())));
            case NOT_EQUALS -> f.isNull().or(f.ne(DSL.val(v.single())));
            case IN -> set.and(f.in(v.list().stream().map(DSL::val).toList()));
            case NOT_IN -> f.isNull().or(f.notIn(v.list().stream().map(DSL::val).toList()));
            case CONTAINS -> set.and(textTest("contains", f, v.single()));
            case STARTS_WITH -> set.and(textTest("starts_with", f, v.single()));
            case GREATER_THAN, AFTER -> set.and(f.gt(DSL.val(v.single())));
            case GREATER_THAN_OR_EQUAL -> set.and(f.ge(DSL.val(v.single())));
            case LESS_THAN, BEFORE -> set.and(f.lt(DSL.val(v.single())));
            case LESS_THAN_OR_EQUAL -> set.and(f.le(DSL.val(v.single())));
            case BETWEEN -> set.and(f.ge(DSL.val(v.from()))).and(f.le(DSL.val(v.to())));
            case WITHIN_LAST -> set.and(f.ge(DSL.val(cutoff(type, v))));
            case MORE_THAN_AGO -> set.and(f.lt(DSL.val(cutoff(type, v))));
            case IS_SET -> set;
            case IS_NOT_SET -> f.isNull();
        };
    }

    private Object cutoff(ColumnType type, Value v) {
        return type == ColumnType.DATE ? v.period().before(now.toLocalDate()) : v.period().before(now);
    }

    private Condition textTest(String test, Field<Object> f, Object value) {
        String template = test.equals("contains") ? dialect.containsText("{0}", "{1}") : dialect.startsWithText("{0}", "{1}");
        return DSL.condition(template, f, DSL.val(value));
    }

    /** A comparison's operand: a catalogue column, or a key of the JSON properties column as text or cast to its type. */
    private Field<Object> field(String alias, dev.weft.audiences.Condition.Subject s) {
        Field<Object> column = col(alias, s.column());
        if (s.jsonKey() == null) {
            return column;
        }
        boolean nativeJson = schema.propertiesColumn().map(c -> c.type() == ColumnType.JSON).orElse(false);
        String text = dialect.jsonPropertyText("{0}", "{1}", nativeJson);
        return DSL.field(s.type() == ColumnType.VARCHAR ? text : dialect.tryCastText(text, s.type()), Object.class, column,
                DSL.val(dialect.jsonPropertyKey(s.jsonKey())));
    }

    /** The distinct event names of the events model: the only event names a definition may use. */
    static Rendered eventNames(Dialect dialect, dev.weft.warehouse.TableInfo events) {
        AudienceQueries q = new AudienceQueries(dialect, new AudienceSchema(events, events, java.util.Set.of()), LocalDateTime.MIN);
        Field<Object> name = q.col("e", AudienceSchema.EVENT_NAME);
        return q.render(q.dsl.selectDistinct(name).from(q.table(events.name(), "e")).where(name.isNotNull()));
    }

    // -- statements around the members query ----------------------------------------------------

    /**
     * A preview in one pass over the members (a CTE the engines materialize once): rows with kind 1
     * are {@code (split_group, count)}, rows with kind 2 the first {@code size} members by profile ID.
     * Columns: kind, profile_id, split_group, n.
     */
    public Query preview(Select<?> members, int size) {
        Table<?> m = DSL.table(name("m"));
        Field<Object> pid = col("m", AudienceSchema.PROFILE_ID);
        Field<Object> group = col("m", "split_group");
        Select<Record> counts = dsl.select(List.of(DSL.inline(1).as(name("kind")), DSL.min(pid).as(name(AudienceSchema.PROFILE_ID)),
                group.as(name("split_group")), DSL.count().as(name("n")))).from(m).groupBy(group);
        // Numbered rather than LIMITed: jOOQ renders a limit as FETCH NEXT, which BigQuery does not have.
        Table<?> numbered = dsl.select(pid, group, DSL.rowNumber().over(DSL.orderBy(pid)).as(name("rn"))).from(m).asTable(name("s"));
        Select<Record> sample = dsl.select(List.of(DSL.inline(2), col("s", AudienceSchema.PROFILE_ID), col("s", "split_group"),
                DSL.inline(0))).from(numbered).where(col("s", "rn").le(DSL.inline((Object) size)));
        return dsl.with(name("m")).as(members).selectFrom(counts.unionAll(sample).asTable(name("preview")));
    }

    /** Chosen traits of a few profiles (the sample), by bound profile IDs. */
    public Query traitsOf(List<String> profileIds, List<String> traitColumns) {
        List<Field<?>> fields = new ArrayList<>();
        fields.add(col("t", AudienceSchema.PROFILE_ID));
        for (String c : traitColumns) {
            fields.add(col("t", c));
        }
        return dsl.select(fields).from(table(schema.traits().name(), "t"))
                .where(col("t", AudienceSchema.PROFILE_ID).in(profileIds.stream().map(DSL::val).toList()));
    }

    /**
     * For 2..10 audiences: how many profiles have each combination of memberships, as
     * {@code (mask, count)} where bit i of mask is set when the profile is in audience i.
     */
    public Query overlap(List<Select<?>> audiences) {
        Select<Record> union = null;
        for (int i = 0; i < audiences.size(); i++) {
            String alias = "a" + i;
            Select<Record> one = dsl.select(List.of(col(alias, AudienceSchema.PROFILE_ID).as(name(AudienceSchema.PROFILE_ID)),
                    DSL.inline(1L << i).as(name("member_bit")))).from(audiences.get(i).asTable(name(alias)));
            union = union == null ? one : union.unionAll(one);
        }
        Table<?> u = union.asTable(name("u"));
        Table<?> masks = dsl.select(DSL.sum(col("u", "member_bit").coerce(Long.class)).as(name("mask")))
                .from(u).groupBy(col("u", AudienceSchema.PROFILE_ID)).asTable(name("x"));
        return dsl.select(col("x", "mask"), DSL.count()).from(masks).groupBy(col("x", "mask"));
    }

    /**
     * What replacing the members {@code before} with those {@code after} would change, in one pass over both
     * (a CTE of each profile's membership mask: bit 1 before, bit 2 after): rows with kind 1 are
     * {@code (mask, count)}, rows with kind 2 the first {@code size} profiles by ID of those who would leave
     * (mask 1) and of those who would join (mask 2). Columns: kind, mask, profile_id, n. No {@code before}
     * (an audience not made yet): everyone after joins.
     */
    public Query diff(Select<?> before, Select<?> after, int size) {
        Select<Record> afterBits = dsl.select(List.of(col("a", AudienceSchema.PROFILE_ID).as(name(AudienceSchema.PROFILE_ID)),
                DSL.inline(2L).as(name("member_bit")))).from(after.asTable(name("a")));
        Select<Record> union = before == null ? afterBits
                : dsl.select(List.of(col("b", AudienceSchema.PROFILE_ID).as(name(AudienceSchema.PROFILE_ID)),
                        DSL.inline(1L).as(name("member_bit")))).from(before.asTable(name("b"))).unionAll(afterBits);
        Select<?> masks = dsl.select(col("u", AudienceSchema.PROFILE_ID).as(name(AudienceSchema.PROFILE_ID)),
                        DSL.sum(col("u", "member_bit").coerce(Long.class)).as(name("mask")))
                .from(union.asTable(name("u"))).groupBy(col("u", AudienceSchema.PROFILE_ID));
        Field<Object> pid = col("x", AudienceSchema.PROFILE_ID);
        Field<Object> mask = col("x", "mask");
        Select<Record> counts = dsl.select(List.of(DSL.inline(1).as(name("kind")), mask.as(name("mask")),
                DSL.min(pid).as(name(AudienceSchema.PROFILE_ID)), DSL.count().as(name("n")))).from(DSL.table(name("x"))).groupBy(mask);
        // Numbered rather than LIMITed, as in the preview: BigQuery has no FETCH NEXT.
        Table<?> numbered = dsl.select(pid, mask, DSL.rowNumber().over(DSL.partitionBy(mask).orderBy(pid)).as(name("rn")))
                .from(DSL.table(name("x"))).asTable(name("s"));
        Select<Record> sample = dsl.select(List.of(DSL.inline(2), col("s", "mask"), col("s", AudienceSchema.PROFILE_ID), DSL.inline(0)))
                .from(numbered).where(col("s", "rn").le(DSL.inline((Object) size))).and(col("s", "mask").lt(DSL.inline((Object) 3L)));
        return dsl.with(name("x")).as(masks).selectFrom(counts.unionAll(sample).asTable(name("diff")));
    }

    /**
     * Materializes one audience, in an order that never leaves the members table empty or half-filled
     * for a reader: stage the new members, count entries and exits, delete the rows that left (or
     * changed group), insert the new ones, clear the stage.
     */
    public Materialization materialize(String audienceId, Select<?> members, LocalDateTime computedAt) {
        Table<?> staging = table(STAGING_TABLE, null);
        Table<?> target = table(MEMBERS_TABLE, null);
        Field<Object> sAud = col(STAGING_TABLE, "audience_id");
        Field<Object> sPid = col(STAGING_TABLE, AudienceSchema.PROFILE_ID);
        Field<Object> sGroup = col(STAGING_TABLE, "split_group");
        Field<Object> tAud = col(MEMBERS_TABLE, "audience_id");
        Field<Object> tPid = col(MEMBERS_TABLE, AudienceSchema.PROFILE_ID);
        Field<Object> tGroup = col(MEMBERS_TABLE, "split_group");
        Field<Object> id = DSL.val((Object) audienceId);
        Table<?> m = members.asTable(name("m"));

        Query clear = dsl.deleteFrom(staging).where(sAud.eq(id));
        Query stage = dsl.insertInto(staging, sAud, sPid, sGroup)
                .select(dsl.select(DSL.val((Object) audienceId), col("m", AudienceSchema.PROFILE_ID), col("m", "split_group")).from(m));
        Query entered = dsl.select(DSL.count()).from(staging).where(sAud.eq(id))
                .andNotExists(dsl.selectOne().from(target).where(tAud.eq(id)).and(tPid.eq(sPid)));
        Query exited = dsl.select(DSL.count()).from(target).where(tAud.eq(id))
                .andNotExists(dsl.selectOne().from(staging).where(sAud.eq(id)).and(sPid.eq(tPid)));
        Field<Object> none = DSL.inline((Object) "");
        Query deleteLeft = dsl.deleteFrom(target).where(tAud.eq(id))
                .andNotExists(dsl.selectOne().from(staging).where(sAud.eq(id)).and(sPid.eq(tPid))
                        .and(DSL.coalesce(sGroup, none).eq(DSL.coalesce(tGroup, none))));
        Query insertNew = dsl.insertInto(target, tAud, tPid, tGroup, col(MEMBERS_TABLE, "computed_at"))
                .select(dsl.select(sAud, sPid, sGroup, DSL.val((Object) computedAt)).from(staging).where(sAud.eq(id))
                        .andNotExists(dsl.selectOne().from(target).where(tAud.eq(id)).and(tPid.eq(sPid))));
        Query size = dsl.select(DSL.count()).from(target).where(tAud.eq(id));
        // The membership history: close the spells of those who left, open one for each member without one
        // (entered now, or for members from before the history was kept, when their row was last written).
        Table<?> history = table(HISTORY_TABLE, null);
        Field<Object> hAud = col(HISTORY_TABLE, "audience_id");
        Field<Object> hPid = col(HISTORY_TABLE, AudienceSchema.PROFILE_ID);
        Field<Object> hExited = col(HISTORY_TABLE, "exited_at");
        Query closeLeft = dsl.update(history).set(hExited, (Object) computedAt).where(hAud.eq(id)).and(hExited.isNull())
                .andNotExists(dsl.selectOne().from(staging).where(sAud.eq(id)).and(sPid.eq(hPid)));
        Query openEntered = dsl.insertInto(history, hAud, hPid, col(HISTORY_TABLE, "entered_at"), hExited)
                .select(dsl.select(tAud, tPid, col(MEMBERS_TABLE, "computed_at"), DSL.inline((Object) null)).from(target).where(tAud.eq(id))
                        .andNotExists(dsl.selectOne().from(table(HISTORY_TABLE, "h")).where(col("h", "audience_id").eq(id))
                                .and(col("h", AudienceSchema.PROFILE_ID).eq(tPid)).and(col("h", "exited_at").isNull())));
        return new Materialization(render(clear), render(stage), render(entered), render(exited), render(closeLeft), render(deleteLeft),
                render(insertNew), render(openEntered), render(clear), render(size));
    }

    /** The statements of one materialization, in the order they run. */
    public record Materialization(Rendered clearStage, Rendered stage, Rendered countEntered, Rendered countExited,
                                  Rendered closeLeft, Rendered deleteLeft, Rendered insertNew, Rendered openEntered,
                                  Rendered clearStageAfter, Rendered size) {
    }

    /** An audience's members as last materialized. */
    public Select<?> materializedMembers(String audienceId) {
        return dsl.select(col("am", AudienceSchema.PROFILE_ID).as(name(AudienceSchema.PROFILE_ID)))
                .from(table(MEMBERS_TABLE, "am")).where(col("am", "audience_id").eq(DSL.val((Object) audienceId)));
    }

    /** The latest occurred_at of the events model. */
    public Rendered latestEvent() {
        return render(dsl.select(DSL.max(col("e", AudienceSchema.OCCURRED_AT))).from(table(schema.events().name(), "e")));
    }

    /** Removes a deleted audience's members. */
    public Rendered deleteMembers(String audienceId) {
        return render(dsl.deleteFrom(table(MEMBERS_TABLE, null)).where(col(MEMBERS_TABLE, "audience_id").eq(DSL.val((Object) audienceId))));
    }

    /** Removes a deleted audience's membership history. */
    public Rendered deleteHistory(String audienceId) {
        return render(dsl.deleteFrom(table(HISTORY_TABLE, null)).where(col(HISTORY_TABLE, "audience_id").eq(DSL.val((Object) audienceId))));
    }

    // -- identifiers: only catalogue names and Weft's own, through the engine's quoting ----------

    private Field<Object> col(String alias, String column) {
        return DSL.field(DSL.unquotedName(alias, dialect.ident(column)));
    }

    private Table<?> table(String tableName, String alias) {
        Table<?> t = DSL.table(DSL.unquotedName(dialect.ident(tableName)));
        return alias == null ? t : t.as(name(alias));
    }

    private static Name name(String plain) {
        return DSL.unquotedName(plain);
    }
}
