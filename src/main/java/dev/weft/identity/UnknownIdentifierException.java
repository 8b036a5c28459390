package dev.weft.identity;

import dev.weft.WeftException;

/** A {@code type:value} that names no identifier of the identity graph. */
public class UnknownIdentifierException extends WeftException {

    public UnknownIdentifierException(String message) {
        super(message);
    }
}
