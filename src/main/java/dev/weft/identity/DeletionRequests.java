package dev.weft.identity;

import dev.weft.audit.Actor;
import dev.weft.store.Store;
import dev.weft.warehouse.WarehouseNames;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The record of deletion requests in the store ({@code weft_deletion_requests}): who asked, when, the identity
 * run that applied each and what it removed, who lifted it. The identifier is kept as its type and the SHA-256 of
 * its normalized value; the tombstone itself is in the warehouse, where the identity run reads it.
 */
@Singleton
public class DeletionRequests {

    /** One request; {@code status} is {@code pending}, {@code applied} or {@code lifted}. */
    public record DeletionRequest(String id, String type, String valueSha256, String status, String requestedBy,
                                  Instant requestedAt, @Nullable String appliedRun, @Nullable Instant appliedAt,
                                  @Nullable Long identifiersRemoved, @Nullable Long profilesAffected,
                                  @Nullable String liftedBy, @Nullable Instant liftedAt) {
    }

    static final String PENDING = "pending";
    static final String APPLIED = "applied";
    static final String LIFTED = "lifted";
    /** Every status a request can have, in the order a request goes through them. */
    public static final List<String> STATUSES = List.of(PENDING, APPLIED, LIFTED);

    private static final Table<Record> REQUESTS = DSL.table("weft_deletion_requests");
    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> ID_TYPE = DSL.field("id_type", String.class);
    private static final Field<String> VALUE_SHA256 = DSL.field("value_sha256", String.class);
    private static final Field<String> HELD_KEY = DSL.field("held_key", String.class);
    private static final Field<String> STATUS = DSL.field("status", String.class);
    private static final Field<String> REQUESTED_BY = DSL.field("requested_by", String.class);
    private static final Field<LocalDateTime> REQUESTED_AT = DSL.field("requested_at", LocalDateTime.class);
    private static final Field<String> APPLIED_RUN = DSL.field("applied_run", String.class);
    private static final Field<LocalDateTime> APPLIED_AT = DSL.field("applied_at", LocalDateTime.class);
    private static final Field<Long> IDENTIFIERS_REMOVED = DSL.field("identifiers_removed", Long.class);
    private static final Field<Long> PROFILES_AFFECTED = DSL.field("profiles_affected", Long.class);
    private static final Field<String> LIFTED_BY = DSL.field("lifted_by", String.class);
    private static final Field<LocalDateTime> LIFTED_AT = DSL.field("lifted_at", LocalDateTime.class);
    private static final List<Field<?>> COLUMNS = List.of(ID, ID_TYPE, VALUE_SHA256, STATUS, REQUESTED_BY, REQUESTED_AT,
            APPLIED_RUN, APPLIED_AT, IDENTIFIERS_REMOVED, PROFILES_AFFECTED, LIFTED_BY, LIFTED_AT);

    private final Store store;

    public DeletionRequests(Store store) {
        this.store = store;
    }

    public Optional<DeletionRequest> get(String id) {
        return store.dsl().select(COLUMNS).from(REQUESTS).where(ID.eq(id)).fetchOptional(DeletionRequests::request);
    }

    /**
     * Requests newest first (by when they were asked, then id), only those of {@code status} when it is given, and
     * only those after {@code after} in that order when it is given: a page for a list that seeks, never skips.
     */
    public List<DeletionRequest> list(@Nullable String status, @Nullable DeletionRequest after, int limit) {
        var newestFirst = store.dsl().select(COLUMNS).from(REQUESTS).where(status == null ? DSL.noCondition() : STATUS.eq(status))
                .orderBy(REQUESTED_AT.desc(), ID.desc());
        return (after == null ? newestFirst.limit(limit) : newestFirst.seek(utc(after.requestedAt()), after.id()).limit(limit))
                .fetch(DeletionRequests::request);
    }

    /** The request held for the identifier (pending or applied), if any. */
    Optional<DeletionRequest> held(String type, String valueSha256) {
        return store.dsl().select(COLUMNS).from(REQUESTS).where(HELD_KEY.eq(heldKey(type, valueSha256)))
                .fetchOptional(DeletionRequests::request);
    }

    /** A new pending request by the current actor; the unique held key refuses a second one for the identifier. */
    DeletionRequest create(String type, String valueSha256, Instant now) {
        String id = UUID.randomUUID().toString();
        store.dsl().insertInto(REQUESTS).set(ID, id).set(ID_TYPE, type).set(VALUE_SHA256, valueSha256)
                .set(HELD_KEY, heldKey(type, valueSha256)).set(STATUS, PENDING).set(REQUESTED_BY, Actor.current().name())
                .set(REQUESTED_AT, utc(now)).execute();
        return get(id).orElseThrow();
    }

    /** A hash of the held requests' ids ({@code held: none} when all were lifted); empty when there never was a request. */
    Optional<String> heldVersion() {
        if (!store.dsl().fetchExists(REQUESTS)) {
            return Optional.empty();
        }
        List<String> held = store.dsl().select(ID).from(REQUESTS).where(HELD_KEY.isNotNull()).orderBy(ID).fetch(ID);
        return Optional.of(held.isEmpty() ? "held: none" : WarehouseNames.sha256Hex(String.join(",", held)));
    }

    /** Forgets a request whose tombstone could not be written, so that none is recorded as held. */
    void discard(String id) {
        store.dsl().deleteFrom(REQUESTS).where(ID.eq(id)).execute();
    }

    DeletionRequest lift(DeletionRequest held, Instant now) {
        store.dsl().update(REQUESTS).set(STATUS, LIFTED).setNull(HELD_KEY).set(LIFTED_BY, Actor.current().name())
                .set(LIFTED_AT, utc(now)).where(ID.eq(held.id())).execute();
        return get(held.id()).orElseThrow();
    }

    /**
     * Marks the requests pending since before the run started as applied by it, with what it removed:
     * {@code left} holds, by {@code type:sha256}, how many profiles the identifier left in that run (none is
     * there for an identifier that was in no profile). Returns the requests it marked.
     */
    List<DeletionRequest> applied(String runId, Instant runStarted, Instant now, Map<String, Long> left) {
        List<DeletionRequest> pending = store.dsl().select(COLUMNS).from(REQUESTS)
                .where(STATUS.eq(PENDING).and(REQUESTED_AT.lt(utc(runStarted)))).fetch(DeletionRequests::request);
        for (DeletionRequest r : pending) {
            long profiles = left.getOrDefault(r.type() + ":" + r.valueSha256(), 0L);
            store.dsl().update(REQUESTS).set(STATUS, APPLIED).set(APPLIED_RUN, runId).set(APPLIED_AT, utc(now))
                    .set(IDENTIFIERS_REMOVED, profiles > 0 ? 1L : 0L).set(PROFILES_AFFECTED, profiles)
                    .where(ID.eq(r.id()).and(STATUS.eq(PENDING))).execute();
        }
        return pending.stream().map(r -> get(r.id()).orElseThrow()).toList();
    }

    private static String heldKey(String type, String valueSha256) {
        return type + ":" + valueSha256;
    }

    private static DeletionRequest request(Record r) {
        return new DeletionRequest(r.get(ID), r.get(ID_TYPE), r.get(VALUE_SHA256), r.get(STATUS), r.get(REQUESTED_BY),
                instant(r.get(REQUESTED_AT)), r.get(APPLIED_RUN), instant(r.get(APPLIED_AT)), r.get(IDENTIFIERS_REMOVED),
                r.get(PROFILES_AFFECTED), r.get(LIFTED_BY), instant(r.get(LIFTED_AT)));
    }

    private static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(@Nullable LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
