package dev.weft.api;

import dev.weft.WeftException;

/** No token has the name asked for. */
public class TokenNotFoundException extends WeftException {

    public TokenNotFoundException(String message) {
        super(message);
    }
}
