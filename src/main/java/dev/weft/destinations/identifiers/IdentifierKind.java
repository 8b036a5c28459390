package dev.weft.destinations.identifiers;

/** The personal identifiers ad platforms match audiences on. */
public enum IdentifierKind {
    EMAIL,
    PHONE,
    FIRST_NAME,
    LAST_NAME,
    CITY,
    STATE,
    POSTAL_CODE,
    COUNTRY,
    EXTERNAL_ID
}
