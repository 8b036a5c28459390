package dev.weft.syncs;

import dev.weft.WeftException;

/** A create that lost to an existing row with the same unique name or id (the API answers 409). */
public class AlreadyExistsException extends WeftException {

    public AlreadyExistsException(String message) {
        super(message);
    }

    /** True when a failed statement broke a unique key (SQLSTATE 23505 on H2 and PostgreSQL). */
    static boolean isUniqueViolation(org.jooq.exception.DataAccessException e) {
        return "23505".equals(e.sqlState());
    }
}
