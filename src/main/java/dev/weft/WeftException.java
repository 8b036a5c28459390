package dev.weft;

/**
 * An error a user can act on: its message names what is wrong and where (a config key, a file and
 * line, a JSON pointer). The CLI prints it without a stack trace; the API maps it to its error shape.
 */
public class WeftException extends RuntimeException {

    public WeftException(String message) {
        super(message);
    }

    public WeftException(String message, Throwable cause) {
        super(message, cause);
    }
}
