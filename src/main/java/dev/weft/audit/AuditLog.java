package dev.weft.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.weft.store.Store;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The audit log in the store: services record each write they make (after it succeeded) with the
 * {@link Actor#current() current actor}; the API and {@code weft audit} read it newest first. Snapshots
 * are the objects as JSON (snake_case, ISO-8601 times); callers pass views without secrets, and any member
 * named like a secret ({@code secrets}, {@code token}, {@code password}, ...) is masked all the same.
 */
@Singleton
public class AuditLog {

    public static final int MAX_LIMIT = 200;
    static final String MASK = "***";
    private static final Set<String> SECRET_MEMBERS = Set.of("secret", "secrets", "password", "token", "token_hash",
            "ciphertext");

    private static final Table<Record> LOG = DSL.table("weft_audit_log");
    private static final Field<Long> ID = DSL.field("id", Long.class);
    private static final Field<LocalDateTime> RECORDED_AT = DSL.field("recorded_at", LocalDateTime.class);
    private static final Field<String> ACTOR = DSL.field("actor", String.class);
    private static final Field<String> ACTION = DSL.field("action", String.class);
    private static final Field<String> SUBJECT_TYPE = DSL.field("subject_type", String.class);
    private static final Field<String> SUBJECT_ID = DSL.field("subject_id", String.class);
    private static final Field<String> BEFORE = DSL.field("before_json", String.class);
    private static final Field<String> AFTER = DSL.field("after_json", String.class);

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Store store;

    public AuditLog(Store store) {
        this.store = store;
    }

    /**
     * Records that the current actor did {@code action} (for example {@code audience.update}) on the subject;
     * {@code before} and {@code after} are the object around the write (null where there was none).
     */
    public void record(String action, String subjectType, String subjectId, @Nullable Object before, @Nullable Object after) {
        store.dsl().insertInto(LOG)
                .set(RECORDED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .set(ACTOR, Actor.current().name())
                .set(ACTION, action)
                .set(SUBJECT_TYPE, subjectType)
                .set(SUBJECT_ID, subjectId)
                .set(BEFORE, snapshot(before))
                .set(AFTER, snapshot(after))
                .execute();
    }

    /** Entries matching {@code filter}, newest first, older than the entry {@code before} when given. */
    public AuditPage list(AuditFilter filter, @Nullable Long before, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        List<Condition> where = new ArrayList<>();
        if (filter.subjectType() != null) {
            where.add(SUBJECT_TYPE.eq(filter.subjectType()));
        }
        if (filter.subjectId() != null) {
            where.add(SUBJECT_ID.eq(filter.subjectId()));
        }
        if (filter.actor() != null) {
            where.add(ACTOR.eq(filter.actor()));
        }
        if (before != null) {
            where.add(ID.lt(before));
        }
        List<AuditEntry> rows = store.dsl().select(ID, RECORDED_AT, ACTOR, ACTION, SUBJECT_TYPE, SUBJECT_ID, BEFORE, AFTER)
                .from(LOG).where(where).orderBy(ID.desc()).limit(size + 1)
                .fetch(r -> new AuditEntry(r.get(ID), r.get(RECORDED_AT).toInstant(ZoneOffset.UTC), r.get(ACTOR), r.get(ACTION),
                        r.get(SUBJECT_TYPE), r.get(SUBJECT_ID), parse(r.get(BEFORE)), parse(r.get(AFTER))));
        if (rows.size() <= size) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, size);
        return new AuditPage(List.copyOf(page), page.get(size - 1).id());
    }

    private static String snapshot(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree = JSON.valueToTree(value);
        mask(tree);
        return tree.toString();
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (SECRET_MEMBERS.contains(member.getKey().toLowerCase(Locale.ROOT)) && !member.getValue().isNull()) {
                    member.setValue(TextNode.valueOf(MASK));
                } else {
                    mask(member.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(AuditLog::mask);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("weft_audit_log holds JSON that does not parse", e);
        }
    }
}
