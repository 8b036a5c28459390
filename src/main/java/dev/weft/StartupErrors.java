package dev.weft;

/** Turns the exception chain of a failed start or command into the one sentence a user needs. */
public final class StartupErrors {

    private StartupErrors() {
    }

    /** The message of the deepest {@link WeftException} in the chain, else of the root cause. */
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
        String message = chosen.getMessage();
        return message == null || message.isBlank() ? chosen.getClass().getSimpleName() : message;
    }
}
