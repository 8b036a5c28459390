package dev.weft.syncs;

import dev.weft.syncs.SyncDefinition.FieldMapping;
import dev.weft.phones.PhoneRule;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The dialect-aware pieces of a sync's SQL: the source query with the field mapping applied
 * (transforms run in the warehouse), the compact row hash and the payload JSON. Column and field
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

    Source source(SyncDefinition sync) {
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
                BoundSql transformed = transformed(BoundSql.of(column(src, m.from())), m.transforms());
                expr = transformed.sql();
                binds.addAll(transformed.binds());
            }
            exprs.add(expr + " AS f" + i);
        }
        String key = d.castToText(column(src, sync.key()));
        String select = "SELECT " + key + " AS record_key" + (exprs.isEmpty() ? "" : ", " + String.join(", ", exprs));
        if (src.isAudience()) {
            String sql = select + " FROM weft_audience_members m LEFT JOIN " + d.ident(src.traits())
                    + " t ON t.profile_id = m.profile_id WHERE m.audience_id = ?"
                    + (src.splitGroup() != null ? " AND m.split_group = ?" : "") + " AND " + column(src, sync.key()) + " IS NOT NULL";
            binds.add(src.audience());
            if (src.splitGroup() != null) {
                binds.add(src.splitGroup());
            }
            return new Source(sql, binds);
        }
        return new Source(select + " FROM " + d.ident(src.model()) + " m WHERE " + column(src, sync.key()) + " IS NOT NULL", binds);
    }

    /** The plan's {@code f0, f1, ...} column list. */
    String fieldList(SyncDefinition sync) {
        return IntStream.range(0, sync.mapping().size()).mapToObj(i -> "f" + i).collect(Collectors.joining(", "));
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

    private BoundSql transformed(BoundSql expr, List<Transform> transforms) {
        BoundSql e = expr;
        for (Transform t : transforms) {
            BoundSql text = BoundSql.fill(d.castToText("\u0001"), e);
            e = switch (t.kind()) {
                case LOWER -> BoundSql.concat("lower(", text, ")");
                case UPPER -> BoundSql.concat("upper(", text, ")");
                case TRIM -> BoundSql.concat("trim(", text, ")");
                case E164 -> PhoneRule.e164(d, text, t.defaultCountry());
                case SHA256 -> BoundSql.fill(d.sha256Hex("\u0001"), text);
            };
        }
        return e;
    }

    /** A source column: audience members carry profile_id; everything else comes from the traits model. */
    private String column(SyncDefinition.Source src, String name) {
        if (src.isAudience()) {
            return name.equals("profile_id") ? "m.profile_id" : "t." + d.ident(name);
        }
        return "m." + d.ident(name);
    }
}
