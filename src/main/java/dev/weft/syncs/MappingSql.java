package dev.weft.syncs;

import dev.weft.consent.ConsentConfig;
import dev.weft.consent.ConsentFilter;
import dev.weft.syncs.SyncDefinition.FieldMapping;
import dev.weft.phones.PhoneRule;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.WarehouseNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The dialect-aware pieces of a sync's SQL: the source query, the field mapping applied to it
 * (transforms run in the warehouse), the compact hashes and the payload JSON. Column and field
 * names come from a validated {@link SyncDefinition}; audience ids, split groups and constants are
 * bind values.
 */
final class MappingSql {

    /** The source SELECT ({@code record_key, f0..fn}) and its bind values, in order. */
    record Source(String sql, List<Object> binds) {
    }

    private final Dialect d;

    MappingSql(Dialect dialect) {
        this.d = dialect;
    }

    /**
     * The source SELECT ({@code record_key, r0..rn}: the values each field is mapped from, a constant as
     * itself) and its bind values, in order. The transforms apply later ({@link #fields}), to the rows
     * whose source values changed only.
     */
    Source source(SyncDefinition sync) {
        return source(sync, Optional.empty());
    }

    /**
     * As {@link #source(SyncDefinition)}; for an audience, with {@code forgetState} (the sync's state table) the
     * members whose profile lost a forgotten identifier since their record was sent are held back
     * ({@code sql/syncs/forget.sql}).
     */
    Source source(SyncDefinition sync, Optional<String> forgetState) {
        List<Object> binds = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        SyncDefinition.Source src = sync.source();
        List<FieldMapping> mapping = sync.mapping();
        for (int i = 0; i < mapping.size(); i++) {
            FieldMapping m = mapping.get(i);
            String expr;
            if (m.constant() != null) {
                expr = "CAST(? AS " + d.typeName(ColumnType.VARCHAR) + ")";
                binds.add(m.constant());
            } else {
                expr = column(src, m.from());
            }
            exprs.add(expr + " AS r" + i);
        }
        String key = d.castToText(column(src, sync.key()));
        String select = "SELECT " + key + " AS record_key" + (exprs.isEmpty() ? "" : ", " + String.join(", ", exprs));
        Map<String, Object> forget = Map.of("state", forgetState.orElse(""), "key", key);
        String joins = forgetState.map(state -> " " + SqlTemplates.render(d, "syncs/forget.sql#joins", forget)).orElse("");
        String kept = forgetState.map(state -> " AND " + SqlTemplates.render(d, "syncs/forget.sql#kept", forget)).orElse("");
        return from(sync, select, joins, kept, binds);
    }

    /**
     * Who each record is, for consent ({@link ConsentFilter.Subjects}): an audience member's profile id, or the
     * model's identifier columns ({@code source.identifiers}), as {@code record_key, i0..in}.
     */
    ConsentFilter.Subjects subjects(SyncDefinition sync) {
        SyncDefinition.Source src = sync.source();
        Map<String, String> ids = src.isAudience() ? Map.of(ConsentConfig.PROFILE_ID, "profile_id") : src.identifiers();
        List<String> types = List.copyOf(ids.keySet());
        StringBuilder select = new StringBuilder("SELECT " + d.castToText(column(src, sync.key())) + " AS record_key");
        for (int i = 0; i < types.size(); i++) {
            select.append(", ").append(column(src, ids.get(types.get(i)))).append(" AS i").append(i);
        }
        Source rows = from(sync, select.toString(), "", "", new ArrayList<>());
        return new ConsentFilter.Subjects(rows.sql(), rows.binds(), types);
    }

    /**
     * {@code select} over the sync's rows: an audience's members (with their traits, {@code memberJoins} more tables
     * joined to them and {@code memberFilter} a condition on them starting with AND) or the model's, keyed.
     */
    private Source from(SyncDefinition sync, String select, String memberJoins, String memberFilter, List<Object> binds) {
        SyncDefinition.Source src = sync.source();
        if (src.isAudience()) {
            // Through a priority list, its cut (the members no higher-priority audience of the list holds).
            String members = src.priorityList() != null ? "weft_priority_members" : "weft_audience_members";
            String sql = select + " FROM " + members + " m LEFT JOIN " + d.ident(src.traits()) + " t ON t.profile_id = m.profile_id"
                    + memberJoins + " WHERE m.audience_id = ?"
                    + (src.priorityList() != null ? " AND m.priority_list_id = ?" : "")
                    + (src.splitGroup() != null ? " AND m.split_group = ?" : "") + " AND " + column(src, sync.key()) + " IS NOT NULL"
                    + memberFilter;
            binds.add(src.audience());
            if (src.priorityList() != null) {
                binds.add(src.priorityList());
            }
            if (src.splitGroup() != null) {
                binds.add(src.splitGroup());
            }
            return new Source(sql, binds);
        }
        return new Source(select + " FROM " + d.ident(src.model()) + " m WHERE " + column(src, sync.key()) + " IS NOT NULL", binds);
    }

    /** The mapped values {@code f0, f1, ...}: each field's transforms over its source value {@code s.r<i>}. */
    String fields(SyncDefinition sync) {
        List<FieldMapping> mapping = sync.mapping();
        return IntStream.range(0, mapping.size())
                .mapToObj(i -> transformed("s.r" + i, mapping.get(i).transforms()) + " AS f" + i)
                .collect(Collectors.joining(", "));
    }

    /**
     * A signed 64-bit hash of the source values {@code r0..rn} and a marker, bound last after the source's
     * own binds: {@link #fingerprint} of the mapping, so the same values under another mapping hash differently.
     */
    String sourceHash(SyncDefinition sync) {
        List<String> values = new ArrayList<>(IntStream.range(0, sync.mapping().size()).mapToObj(i -> "r" + i).toList());
        values.add("CAST(? AS " + d.typeName(ColumnType.VARCHAR) + ")");
        return d.hashValues(values);
    }

    /** What the mapped values depend on besides the source values: key, fields, transforms, constants. */
    static String fingerprint(SyncDefinition sync) {
        StringBuilder b = new StringBuilder(sync.key());
        for (FieldMapping m : sync.mapping()) {
            b.append('\u001e').append(m.from()).append('\u001f').append(m.to()).append('\u001f').append(m.transforms())
                    .append('\u001f').append(m.constant());
        }
        return WarehouseNames.sha256Hex(b.toString());
    }

    /** A signed 64-bit hash of the mapped values; NULL and empty text hash differently. */
    String hash(SyncDefinition sync) {
        return d.hashValues(IntStream.range(0, sync.mapping().size()).mapToObj(i -> "f" + i).toList());
    }

    /** The mapped values as a JSON object text, destination field name to value. */
    String payload(SyncDefinition sync) {
        List<String> pairs = new ArrayList<>();
        List<FieldMapping> mapping = sync.mapping();
        for (int i = 0; i < mapping.size(); i++) {
            pairs.add("'" + mapping.get(i).to() + "', s.f" + i);
        }
        return d.jsonObjectText(String.join(", ", pairs));
    }

    private String transformed(String expr, List<Transform> transforms) {
        String e = expr;
        for (Transform t : transforms) {
            String text = d.castToText(e);
            e = switch (t.kind()) {
                case LOWER -> "lower(" + text + ")";
                case UPPER -> "upper(" + text + ")";
                case TRIM -> "trim(" + text + ")";
                case E164 -> withoutBinds(PhoneRule.e164(d, BoundSql.of(text), t.defaultCountry()));
                case SHA256 -> d.sha256Hex(text);
            };
        }
        return e;
    }

    /** The mapped fields are planned without bind values: the phone rule writes its constants as literals. */
    private static String withoutBinds(BoundSql sql) {
        if (!sql.binds().isEmpty()) {
            throw new IllegalStateException("a transform with bind values: " + sql.sql());
        }
        return sql.sql();
    }

    /** A source column: audience members carry profile_id; everything else comes from the traits model. */
    private String column(SyncDefinition.Source src, String name) {
        if (src.isAudience()) {
            return name.equals("profile_id") ? "m.profile_id" : "t." + d.ident(name);
        }
        return "m." + d.ident(name);
    }
}
