package dev.weft.syncs;

import dev.weft.WeftException;

/** A sync from git (syncs/*.yml): it changes through a pull request, not through Weft (the API answers 409). */
public class ReadOnlySyncException extends WeftException {

    public ReadOnlySyncException(String message) {
        super(message);
    }
}
