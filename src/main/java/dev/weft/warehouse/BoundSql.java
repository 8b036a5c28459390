package dev.weft.warehouse;

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

    /**
     * A dialect's fragment rendered around placeholders {@code \u0001}, {@code \u0002}, ... with the parts put in
     * their places, each with its binds.
     */
    public static BoundSql fill(String shape, BoundSql... parts) {
        Object[] out = new Object[parts.length * 2 + 1];
        String rest = shape;
        for (int i = 0; i < parts.length; i++) {
            String[] split = rest.split(String.valueOf((char) (i + 1)), 2);
            out[2 * i] = split[0];
            out[2 * i + 1] = parts[i];
            rest = split[1];
        }
        out[out.length - 1] = rest;
        return concat(out);
    }

    public Object[] bindArray() {
        return binds.toArray();
    }
}
