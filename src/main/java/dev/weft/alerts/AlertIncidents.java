package dev.weft.alerts;

import dev.weft.store.Store;
import dev.weft.syncs.AlertRule;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Alert incidents in the store ({@code weft_alert_incidents}): when a rule fired for a subject, when it
 * was last seen firing, when it cleared, and which channels were told of each. Kept in the store so
 * a restart, or another replica, sends nothing twice.
 */
final class AlertIncidents {

    /** One incident; open while {@code clearedAt} is null. */
    record Incident(String id, AlertRule.Kind rule, String subject, String detail, Instant openedAt, Instant lastSeen,
                    Instant clearedAt, Set<String> notified, Set<String> resolvedNotified) {

        boolean open() {
            return clearedAt == null;
        }
    }

    static final Table<Record> INCIDENTS = DSL.table("weft_alert_incidents");
    static final Field<String> ID = DSL.field("id", String.class);
    static final Field<String> RULE = DSL.field("rule", String.class);
    static final Field<String> SUBJECT = DSL.field("subject", String.class);
    static final Field<String> OPEN_KEY = DSL.field("open_key", String.class);
    static final Field<String> DETAIL = DSL.field("detail", String.class);
    static final Field<LocalDateTime> OPENED_AT = DSL.field("opened_at", LocalDateTime.class);
    static final Field<LocalDateTime> LAST_SEEN = DSL.field("last_seen", LocalDateTime.class);
    static final Field<LocalDateTime> CLEARED_AT = DSL.field("cleared_at", LocalDateTime.class);
    static final Field<String> NOTIFIED = DSL.field("notified", String.class);
    static final Field<String> RESOLVED_NOTIFIED = DSL.field("resolved_notified", String.class);
    static final List<Field<?>> COLUMNS = List.of(ID, RULE, SUBJECT, DETAIL, OPENED_AT, LAST_SEEN, CLEARED_AT, NOTIFIED,
            RESOLVED_NOTIFIED);

    private final Store store;

    AlertIncidents(Store store) {
        this.store = store;
    }

    /** The subject's latest incident of the rule, open or cleared. */
    Optional<Incident> latest(AlertRule.Kind rule, String subject) {
        return Optional.ofNullable(store.dsl().select(COLUMNS).from(INCIDENTS).where(RULE.eq(name(rule)).and(SUBJECT.eq(subject)))
                .orderBy(OPENED_AT.desc(), CLEARED_AT.desc().nullsFirst()).limit(1).fetchOne()).map(AlertIncidents::incident);
    }

    /** Opens an incident; when another process opened one at the same moment, that one stays and is returned. */
    Incident open(AlertRule.Kind rule, String subject, String detail, Instant now) {
        try {
            store.dsl().insertInto(INCIDENTS).set(ID, UUID.randomUUID().toString()).set(RULE, name(rule)).set(SUBJECT, subject)
                    .set(OPEN_KEY, name(rule) + ":" + subject).set(DETAIL, detail).set(OPENED_AT, utc(now)).set(LAST_SEEN, utc(now))
                    .execute();
        } catch (IntegrityConstraintViolationException raced) {
            // the other process's incident is the one
        }
        return latest(rule, subject).orElseThrow();
    }

    void seen(String id, Instant now) {
        store.dsl().update(INCIDENTS).set(LAST_SEEN, utc(now)).where(ID.eq(id)).execute();
    }

    void clear(String id, Instant now) {
        store.dsl().update(INCIDENTS).set(CLEARED_AT, utc(now)).set(OPEN_KEY, (String) null).where(ID.eq(id)).and(CLEARED_AT.isNull())
                .execute();
    }

    /** Adds {@code channel} to those told of the incident ({@code resolved}: of its clearing). */
    void told(String id, String channel, boolean resolved) {
        Field<String> column = resolved ? RESOLVED_NOTIFIED : NOTIFIED;
        String current = store.dsl().select(column).from(INCIDENTS).where(ID.eq(id)).fetchOne(column);
        Set<String> names = names(current);
        names.add(channel);
        store.dsl().update(INCIDENTS).set(column, String.join(",", names)).where(ID.eq(id)).execute();
    }

    private static Incident incident(Record r) {
        return new Incident(r.get(ID), AlertRule.Kind.valueOf(r.get(RULE).toUpperCase(Locale.ROOT)), r.get(SUBJECT), r.get(DETAIL),
                instant(r.get(OPENED_AT)), instant(r.get(LAST_SEEN)), instant(r.get(CLEARED_AT)), names(r.get(NOTIFIED)),
                names(r.get(RESOLVED_NOTIFIED)));
    }

    private static Set<String> names(String joined) {
        Set<String> names = new TreeSet<>();
        if (joined != null && !joined.isEmpty()) {
            names.addAll(Arrays.asList(joined.split(",")));
        }
        return names;
    }

    private static String name(AlertRule.Kind rule) {
        return rule.configName();
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
