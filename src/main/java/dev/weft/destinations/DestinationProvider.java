package dev.weft.destinations;

import java.util.List;
import java.util.Map;

/**
 * A destination type (webhook, file, hubspot, ...): declares its connection settings and opens a
 * {@link Destination} for one connection. Providers are beans; the executor finds them by {@link #type()}.
 */
public interface DestinationProvider {

    /** The type name used in connections and sync definitions, lower-case (e.g. {@code hubspot}). */
    String type();

    /** The settings a connection of this type takes; secret ones are sealed in the store. */
    List<ConnectionField> connectionFields();

    /**
     * What is wrong with a connection's setting values (by setting name), checked when the connection is
     * created and when a sync using it is validated; names and required fields are checked from
     * {@link #connectionFields()} already.
     */
    default Map<String, String> settingProblems(Map<String, String> settings) {
        return Map.of();
    }

    /**
     * Opens a destination for the connection and the sync's destination options (e.g. which list or
     * object, {@code list-id}, {@code object}), validating both with errors that name the key.
     */
    Destination open(DestinationConnection connection, Map<String, String> options);
}
