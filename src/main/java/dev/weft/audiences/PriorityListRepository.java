package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The store's priority lists: those made through the REST API (migration V82). */
@Singleton
class PriorityListRepository {

    private static final Table<Record> LISTS = DSL.table("weft_priority_lists");
    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> NAME = DSL.field("name", String.class);
    private static final Field<String> AUDIENCES = DSL.field("audiences", String.class);
    private static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    private static final Field<String> CREATED_BY = DSL.field("created_by", String.class);
    private static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);
    private static final Field<String> UPDATED_BY = DSL.field("updated_by", String.class);
    private static final List<Field<?>> FIELDS = List.of(ID, NAME, AUDIENCES, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY);

    private final Store store;
    private final ObjectMapper json = new ObjectMapper();

    PriorityListRepository(Store store) {
        this.store = store;
    }

    List<PriorityList> list() {
        return store.dsl().select(FIELDS).from(LISTS).orderBy(NAME, ID).fetch(this::priorityList);
    }

    Optional<PriorityList> find(String id) {
        return store.dsl().select(FIELDS).from(LISTS).where(ID.eq(id)).fetchOptional(this::priorityList);
    }

    /** Adds the list, or replaces its name and audiences. */
    PriorityList save(String id, PriorityList.Definition def, String who, Instant when) {
        String audiences = write(def.audiences());
        LocalDateTime at = AudienceRepository.utc(when);
        store.dsl().transaction(tx -> {
            int updated = tx.dsl().update(LISTS).set(NAME, def.name()).set(AUDIENCES, audiences).set(UPDATED_AT, at)
                    .set(UPDATED_BY, who).where(ID.eq(id)).execute();
            if (updated == 0) {
                tx.dsl().insertInto(LISTS).set(ID, id).set(NAME, def.name()).set(AUDIENCES, audiences).set(CREATED_AT, at)
                        .set(CREATED_BY, who).set(UPDATED_AT, at).set(UPDATED_BY, who).execute();
            }
        });
        return find(id).orElseThrow();
    }

    void delete(String id) {
        store.dsl().deleteFrom(LISTS).where(ID.eq(id)).execute();
    }

    private PriorityList priorityList(Record r) {
        return new PriorityList(r.get(ID), r.get(NAME), read(r.get(AUDIENCES)), "api", null, instant(r.get(CREATED_AT)),
                r.get(CREATED_BY), instant(r.get(UPDATED_AT)), r.get(UPDATED_BY), null);
    }

    private List<String> read(String text) {
        try {
            return json.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored priority list audiences are not a JSON array: " + e.getMessage(), e);
        }
    }

    private String write(List<String> audiences) {
        try {
            return json.writeValueAsString(audiences);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }
}
