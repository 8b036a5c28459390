package dev.weft;

import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns the exception chain of a failed start or command into the one sentence a user needs. */
public final class StartupErrors {

    private StartupErrors() {
    }

    /**
     * The message of the deepest {@link WeftException} in the chain (whole), else of the root cause on one line.
     * Micronaut's bean errors carry the injection path over many lines: only their innermost
     * {@code Message:} is kept; a YAML syntax error keeps its problem and where it is.
     */
    public static String describe(Throwable error) {
        Throwable root = error;
        Throwable weft = error instanceof WeftException ? error : null;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof WeftException) {
                weft = root;
            }
        }
        Throwable chosen = weft != null ? weft : root;
        if (weft == null && root instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            return "invalid YAML in " + System.getProperty("micronaut.config.files", "the configuration") + ": "
                    + yaml.getProblem() + " at line " + (yaml.getProblemMark().getLine() + 1)
                    + ", column " + (yaml.getProblemMark().getColumn() + 1);
        }
        String message = chosen.getMessage();
        if (message == null || message.isBlank()) {
            return chosen.getClass().getSimpleName();
        }
        int innermost = message.lastIndexOf("\nMessage: ");
        if (innermost >= 0) {
            message = message.substring(innermost + "\nMessage: ".length());
        }
        if (chosen == weft) {
            // Weft's own messages are written for the user, including a second line such as the warehouse
            // statement that failed ("in: CREATE TABLE ..."): keep them whole.
            return message.strip();
        }
        int end = message.indexOf('\n');
        return (end >= 0 ? message.substring(0, end) : message).strip();
    }

    public static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
