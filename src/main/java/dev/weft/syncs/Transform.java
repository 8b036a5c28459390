package dev.weft.syncs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A value transform applied in the warehouse while mapping, in the order listed. */
public enum Transform {
    /** lower-case */
    LOWER,
    /** upper-case */
    UPPER,
    /** strip surrounding white space */
    TRIM,
    /** an international phone number (leading + or 00) to E.164; national numbers, which need a country, become null */
    E164,
    /** lower-case hex SHA-256 of the text (for destinations that match on hashed identifiers) */
    SHA256;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Transform> named(String name) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
    }
}
