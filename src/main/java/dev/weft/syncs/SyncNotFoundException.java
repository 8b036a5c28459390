package dev.weft.syncs;

import dev.weft.WeftException;

/** No sync with the id asked for (the API answers 404). */
public class SyncNotFoundException extends WeftException {

    public SyncNotFoundException(String message) {
        super(message);
    }
}
