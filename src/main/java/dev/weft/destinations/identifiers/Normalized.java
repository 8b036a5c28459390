package dev.weft.destinations.identifiers;

/** The outcome of normalizing one identifier value under a vendor's rules. */
public sealed interface Normalized {

    /** The value in the vendor's normalized form, ready to hash (or to send as is, if the vendor wants it unhashed). */
    record Valid(String value) implements Normalized {
    }

    /** The value cannot be used; the message names the identifier kind and why, without echoing personal data. */
    record Invalid(String message) implements Normalized {
    }

    /** No value (null or blank): the identifier is simply not sent. */
    record Absent() implements Normalized {
    }
}
