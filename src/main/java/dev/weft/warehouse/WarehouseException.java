package dev.weft.warehouse;

import dev.weft.WeftException;

/**
 * A statement the warehouse failed to run. The message carries the engine's own words and the
 * statement, for the CLI and the server log; the API never shows it to a client (it answers a generic
 * error with an id that leads to the log).
 */
public class WarehouseException extends WeftException {

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The statement an error is about, as the message's last line ({@code in: ...}, shortened); empty without one. */
    public static String where(String sql) {
        if (sql == null) {
            return "";
        }
        String flat = sql.replaceAll("\\s+", " ").trim();
        return "\n  in: " + (flat.length() > 300 ? flat.substring(0, 300) + " ..." : flat);
    }
}
