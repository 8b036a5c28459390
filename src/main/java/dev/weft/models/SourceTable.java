package dev.weft.models;

/**
 * One table declared in {@code models/sources.yml}: {@code source('raw', 'events')} names it, and
 * it lives in the warehouse as {@code identifier} (default: the table name), in {@code schema} when
 * given (default: the warehouse's schema).
 */
public record SourceTable(String source, String name, String identifier, String schema) {

    /** The selector form, {@code source:raw.events}. */
    public String key() {
        return source + "." + name;
    }
}
