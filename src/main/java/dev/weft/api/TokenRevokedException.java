package dev.weft.api;

import dev.weft.WeftException;

/** The token named is revoked already: revoking it again changes nothing. */
public class TokenRevokedException extends WeftException {

    public TokenRevokedException(String message) {
        super(message);
    }
}
