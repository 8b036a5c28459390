package dev.weft.models;

/**
 * A warehouse relation as a model's SQL names it: what {@code ref()}, {@code source()} and
 * {@code this} render to. {@link #toString()} is the quoted name, so Jinja prints it directly.
 */
public record Relation(String sql) {

    @Override
    public String toString() {
        return sql;
    }
}
