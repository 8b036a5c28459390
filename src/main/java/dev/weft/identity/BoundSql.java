package dev.weft.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with its bind values in the order their {@code ?} markers appear. Built by concatenation,
 * so an expression used twice carries its binds twice and the order always matches the text.
 */
public record BoundSql(String sql, List<Object> binds) {

    public static BoundSql of(String sql) {
        return new BoundSql(sql, List.of());
    }

    public static BoundSql bind(Object value) {
        return new BoundSql("?", List.of(value));
    }

    /** Concatenates parts: {@code String}s are SQL text, {@code BoundSql}s bring their binds. */
    public static BoundSql concat(Object... parts) {
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof BoundSql b) {
                sql.append(b.sql);
                binds.addAll(b.binds);
            } else {
                sql.append((String) p);
            }
        }
        return new BoundSql(sql.toString(), List.copyOf(binds));
    }

    public Object[] bindArray() {
        return binds.toArray();
    }
}
