package dev.weft.warehouse;

import java.time.Duration;

/** A statement stopped because it ran longer than the time limit it was given ({@link Warehouse#withQueryTimeout}). */
public class WarehouseTimeoutException extends WarehouseException {

    private final Duration limit;

    public WarehouseTimeoutException(String message, Duration limit, Throwable cause) {
        super(message, cause);
        this.limit = limit;
    }

    /** The limit the statement ran into. */
    public Duration limit() {
        return limit;
    }
}
