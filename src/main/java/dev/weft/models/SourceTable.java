package dev.weft.models;

/**
 * One table declared in {@code models/sources.yml}: {@code source('raw', 'events')} names it, and
 * it lives in the warehouse as {@code identifier} (default: the table name), in {@code schema} when
 * given (default: the warehouse's schema). {@code loadedAtField} (dbt's {@code loaded_at_field}, on the
 * table or the whole source) is the column that says when a row arrived; the pipeline watches its maximum
 * to see new rows (null: the row count alone). {@code freshness} (dbt's, on the table or the whole source) is
 * how old that column's newest value may be; null: not checked. {@code file} is the YAML file declaring it, which
 * {@code path:} selectors match (null for a table no file declares). {@code tags} are the source's and the
 * table's, which {@code tag:} selectors match (dbt applies a source's tags to each of its tables).
 */
public record SourceTable(String source, String name, String identifier, String schema, String loadedAtField,
                          Freshness freshness, String file, java.util.List<String> tags) {

    public SourceTable {
        tags = java.util.List.copyOf(tags);
    }

    public SourceTable(String source, String name, String identifier, String schema, String loadedAtField) {
        this(source, name, identifier, schema, loadedAtField, null, null, java.util.List.of());
    }

    /** The selector form, {@code source:raw.events}. */
    public String key() {
        return source + "." + name;
    }
}
